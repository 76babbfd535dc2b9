package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.LocalDate;

/**
 * A discharge as entered: the reason (completed, transferred, left against advice, administrative, other), the date,
 * the summary and the aftercare plan; the category defaults to GENERAL.
 */
public record NewDischarge(String reason, LocalDate dischargedOn, @Phi String summary, @Phi String aftercarePlan,
		String category) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
