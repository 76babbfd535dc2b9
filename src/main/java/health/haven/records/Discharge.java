package health.haven.records;

import health.haven.consent.DataCategory;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A client's discharge as recorded, or only {@code status = "active"} with nothing else when the client has not been
 * discharged.
 */
public record Discharge(String status, String reason, LocalDate dischargedOn, @Phi String summary,
		@Phi String aftercarePlan, DataCategory category, UUID recordedBy, Instant recordedAt) {

	static Discharge active() {
		return new Discharge("active", null, null, null, null, null, null, null);
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
