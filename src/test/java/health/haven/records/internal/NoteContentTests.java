package health.haven.records.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.records.NoteTemplate;
import health.haven.shared.HavenException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a note must contain, and the hash that proves later what was signed. */
class NoteContentTests {

	static final LocalDate DAY = LocalDate.of(2026, 3, 2);

	@Test
	void theHashIsStableAndChangesWithAnyOfTheContent() {
		Map<String, String> sections = Map.of("data", "d", "assessment", "a", "plan", "p");
		String hash = NoteContent.hash(NoteTemplate.DAP, "PROGRESS", "GENERAL", DAY, sections);
		assertThat(hash).hasSize(64).isEqualTo(NoteContent.hash(NoteTemplate.DAP, "PROGRESS", "GENERAL", DAY,
				new LinkedHashMap<>(sections)));
		assertThat(NoteContent.hash(NoteTemplate.DAP, "PROGRESS", "SUD_PART2", DAY, sections)).isNotEqualTo(hash);
		assertThat(NoteContent.hash(NoteTemplate.DAP, "PROGRESS", "GENERAL", DAY.plusDays(1), sections))
			.isNotEqualTo(hash);
		assertThat(NoteContent.hash(NoteTemplate.DAP, "PROGRESS", "GENERAL", DAY,
				Map.of("data", "d", "assessment", "a", "plan", "p."))).isNotEqualTo(hash);
	}

	@Test
	void textMovedBetweenSectionsGivesAnotherHash() {
		// Lengths in the canonical form: "ab" + "" is not "a" + "b", whatever the text contains.
		assertThat(NoteContent.hash(NoteTemplate.DAP, "PROGRESS", "GENERAL", DAY,
				Map.of("data", "a\nassessment:1:b", "assessment", "", "plan", "p")))
			.isNotEqualTo(NoteContent.hash(NoteTemplate.DAP, "PROGRESS", "GENERAL", DAY,
					Map.of("data", "a", "assessment", "b", "plan", "p")));
	}

	@Test
	void everySectionOfTheTemplateMustBeWrittenAndNoOther() {
		assertThat(code(() -> NoteContent.sections(NoteTemplate.SOAP, Map.of("subjective", "s", "objective", "o",
				"assessment", "a")))).isEqualTo("RECORDS_NOTE_SECTION_MISSING");
		assertThat(code(() -> NoteContent.sections(NoteTemplate.BIRP, Map.of("behavior", "b", "intervention", "i",
				"response", "r", "plan", "p", "data", "d")))).isEqualTo("RECORDS_NOTE_SECTION_UNKNOWN");
		assertThat(code(() -> NoteContent.sections(NoteTemplate.DAP, Map.of("data", " ", "assessment", "a", "plan",
				"p")))).isEqualTo("RECORDS_NOTE_SECTION_MISSING");
		assertThat(NoteContent.sections(NoteTemplate.DAP, Map.of("plan", " p ", "data", "d", "assessment", "a")))
			.containsExactly(Map.entry("data", "d"), Map.entry("assessment", "a"), Map.entry("plan", "p"));
	}

	@Test
	void theServiceDateIsADayNoLaterThanToday() {
		assertThat(NoteContent.serviceDate("2026-03-02", DAY)).isEqualTo(DAY);
		assertThat(code(() -> NoteContent.serviceDate("2026-03-03", DAY))).isEqualTo("RECORDS_NOTE_SERVICE_DATE_INVALID");
		assertThat(code(() -> NoteContent.serviceDate("yesterday", DAY))).isEqualTo("RECORDS_NOTE_SERVICE_DATE_INVALID");
		assertThat(code(() -> NoteContent.serviceDate(null, DAY))).isEqualTo("RECORDS_NOTE_SERVICE_DATE_INVALID");
	}

	@Test
	void anUnknownTemplateIsRefusedByName() {
		assertThatThrownBy(() -> NoteTemplate.parse("GIRP")).isInstanceOf(HavenException.class)
			.hasMessageContaining("DAP, SOAP or BIRP");
		assertThat(NoteTemplate.parse(" soap ")).isEqualTo(NoteTemplate.SOAP);
	}

	private static String code(Runnable call) {
		try {
			call.run();
		}
		catch (HavenException ex) {
			return ex.code();
		}
		throw new AssertionError("expected a refusal");
	}

}
