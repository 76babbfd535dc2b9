package health.haven.records.plan;

import health.haven.consent.DataCategory;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.util.UUID;

/**
 * A client's current treatment plan.
 *
 * @param version the current version; an edit names the version it started from
 * @param agreement the client's latest agreement, if any; it may be to an earlier version
 * @param contentSha256 SHA-256 (hex) of this version's content in its canonical form: what a client's e-signature
 * names, so that a signature always points at exactly the words the client read
 */
public record TreatmentPlan(UUID id, int version, DataCategory category, @Phi PlanContent content,
		Instant createdAt, Instant updatedAt, Instant reviewedAt, PlanReview review, Agreement agreement,
		String contentSha256) {

	/** Whether the client has agreed to this very version. */
	public boolean agreedToCurrentVersion() {
		return agreement != null && agreement.version() == version;
	}

	/**
	 * The client's agreement to one version of the plan.
	 *
	 * @param by {@code CLIENT} or {@code GUARDIAN}
	 * @param how {@code IN_SESSION} (recorded by the clinician) or {@code PORTAL} (given by the client signed in)
	 */
	public record Agreement(int version, String by, String how, Instant at) {
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
