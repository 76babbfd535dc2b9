package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.shared.HavenException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scoring and severity bands of the PHQ-9 (Kroenke 2001) and the GAD-7 (Spitzer 2006), at every band boundary. */
class InstrumentTests {

	@ParameterizedTest(name = "PHQ-9 total {0} is {1}")
	@CsvSource({ "0, minimal", "4, minimal", "5, mild", "9, mild", "10, moderate", "14, moderate",
			"15, moderately severe", "19, moderately severe", "20, severe", "27, severe" })
	void phq9TotalsFallInTheirSeverityBands(int total, String band) {
		assertThat(Instrument.PHQ9.band(Instrument.PHQ9.score(answersSummingTo(9, total)))).extracting(Instrument.Band::label)
			.isEqualTo(band);
	}

	@ParameterizedTest(name = "GAD-7 total {0} is {1}")
	@CsvSource({ "0, minimal", "4, minimal", "5, mild", "9, mild", "10, moderate", "14, moderate", "15, severe",
			"21, severe" })
	void gad7TotalsFallInTheirSeverityBands(int total, String band) {
		assertThat(Instrument.GAD7.band(Instrument.GAD7.score(answersSummingTo(7, total)))).extracting(Instrument.Band::label)
			.isEqualTo(band);
	}

	@Test
	void theTotalIsTheSumOfTheAnswers() {
		assertThat(Instrument.PHQ9.score(List.of(0, 1, 2, 3, 0, 1, 2, 3, 0))).isEqualTo(12);
		assertThat(Instrument.GAD7.score(List.of(3, 3, 3, 3, 3, 3, 3))).isEqualTo(21);
	}

	@Test
	void theBandsCoverEveryPossibleTotalWithoutGapsOrOverlaps() {
		for (Instrument instrument : Instrument.values()) {
			for (int total = 0; total <= instrument.maximum(); total++) {
				int t = total;
				assertThat(instrument.bands().stream().filter(band -> band.contains(t))).hasSize(1);
			}
		}
		assertThat(Instrument.PHQ9.maximum()).isEqualTo(27);
		assertThat(Instrument.GAD7.maximum()).isEqualTo(21);
	}

	@Test
	void anyAnswerAboveZeroOnPhq9Item9RaisesASafetyConcern() {
		assertThat(Instrument.PHQ9.raisesSafetyConcern(List.of(0, 0, 0, 0, 0, 0, 0, 0, 1))).isTrue();
		assertThat(Instrument.PHQ9.raisesSafetyConcern(List.of(0, 0, 0, 0, 0, 0, 0, 0, 3))).isTrue();
		assertThat(Instrument.PHQ9.raisesSafetyConcern(List.of(3, 3, 3, 3, 3, 3, 3, 3, 0))).isFalse();
		assertThat(Instrument.GAD7.raisesSafetyConcern(List.of(3, 3, 3, 3, 3, 3, 3))).isFalse();
	}

	@Test
	void theInstrumentsCarryTheirLoincCodes() {
		assertThat(Instrument.PHQ9.panelLoinc()).isEqualTo("44249-1");
		assertThat(Instrument.PHQ9.totalLoinc()).isEqualTo("44261-6");
		assertThat(Instrument.PHQ9.items().get(8).loinc()).isEqualTo("44260-8");
		assertThat(Instrument.GAD7.panelLoinc()).isEqualTo("69737-5");
		assertThat(Instrument.GAD7.totalLoinc()).isEqualTo("70274-6");
		assertThat(Instrument.PHQ9.items()).hasSize(9);
		assertThat(Instrument.GAD7.items()).hasSize(7);
	}

	@Test
	void aWrongNumberOfAnswersIsRefused() {
		assertThatThrownBy(() -> Instrument.PHQ9.check(List.of(0, 0, 0, 0, 0, 0, 0))).isInstanceOf(HavenException.class)
			.extracting(ex -> ((HavenException) ex).code())
			.isEqualTo("RECORDS_MEASURE_ANSWER_COUNT");
		assertThatThrownBy(() -> Instrument.GAD7.check(null)).isInstanceOf(HavenException.class);
	}

	@Test
	void anAnswerOutsideZeroToThreeIsRefused() {
		assertThatThrownBy(() -> Instrument.GAD7.check(List.of(0, 0, 0, 4, 0, 0, 0)))
			.extracting(ex -> ((HavenException) ex).code())
			.isEqualTo("RECORDS_MEASURE_ANSWER_INVALID");
		assertThatThrownBy(() -> Instrument.GAD7.check(List.of(0, 0, 0, -1, 0, 0, 0)))
			.isInstanceOf(HavenException.class);
		assertThatThrownBy(() -> Instrument.GAD7.check(Collections.nCopies(7, (Integer) null)))
			.isInstanceOf(HavenException.class);
	}

	@Test
	void anUnknownInstrumentIsRefusedAndKnownOnesAreFoundByNameOrCode() {
		assertThat(Instrument.named("PHQ-9")).isEqualTo(Instrument.PHQ9);
		assertThat(Instrument.named("gad7")).isEqualTo(Instrument.GAD7);
		assertThat(Instrument.named("69737-5")).isEqualTo(Instrument.GAD7);
		assertThatThrownBy(() -> Instrument.named("BDI-II")).extracting(ex -> ((HavenException) ex).code())
			.isEqualTo("RECORDS_MEASURE_INSTRUMENT_UNKNOWN");
		assertThatThrownBy(() -> Instrument.named(null)).isInstanceOf(HavenException.class);
	}

	/** Answers of 0-3 adding up to the total, filled from the first item on. */
	private static List<Integer> answersSummingTo(int items, int total) {
		List<Integer> answers = new ArrayList<>();
		int left = total;
		for (int i = 0; i < items; i++) {
			int answer = Math.min(3, left);
			answers.add(answer);
			left -= answer;
		}
		return answers;
	}

}
