package health.haven.scheduling.enrollment;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.util.UUID;

/** One change of an enrollment, kept for good: level of care or status, from what to what, and why. */
public record EnrollmentChange(String kind, String from, String to, @Phi String reason, UUID changedBy,
		Instant changedAt) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
