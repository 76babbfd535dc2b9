package health.haven.records;

import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A client's request to amend their record (45 CFR 164.526), with its 60-day clock and, once decided, the outcome and
 * the clinician's reason.
 *
 * @param what what the client says is wrong or missing
 * @param why why the client asks for the change
 * @param status {@code OPEN}, {@code ACCEPTED} or {@code DENIED}
 * @param decisionReason the clinician's reason, for an acceptance as for a denial; null while open
 */
public record AmendmentRequest(UUID id, ClientId client, UserId requestedBy, Instant requestedAt, Instant dueAt,
		@Phi String what, @Phi String why, String status, UserId decidedBy, Instant decidedAt,
		@Phi String decisionReason) {

	public boolean open() {
		return "OPEN".equals(status);
	}

	/** Still open after its due date: the 60 days (no extension is recorded yet) have passed. */
	public boolean overdueAt(Instant now) {
		return open() && now.isAfter(dueAt);
	}

	/** Whole days until the due date (negative once overdue); what staff see in their queue. */
	public long daysLeftAt(Instant now) {
		return Math.floorDiv(Duration.between(now, dueAt).toHours(), 24);
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
