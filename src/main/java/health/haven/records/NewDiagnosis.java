package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.LocalDate;

/**
 * A diagnosis to add to a chart.
 *
 * @param onset when the condition began, if known; never in the future
 * @param category {@code GENERAL} or {@code SUD_PART2}; when not given, substance-use codes are labelled
 * {@code SUD_PART2} (the stricter rules) and the rest {@code GENERAL}
 */
public record NewDiagnosis(@Phi String code, @Phi LocalDate onset, boolean primary, String category) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
