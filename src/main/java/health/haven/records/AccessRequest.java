package health.haven.records;

import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A request for a copy of the record (45 CFR 164.524), with its 30-day clock.
 *
 * @param channel {@code PORTAL_DOWNLOAD} (fulfilled as it was made) or {@code STAFF} (waits for the care team)
 * @param format {@code PDF}, {@code FHIR} or {@code OTHER}
 * @param details what the client asked for, for a request to staff; null for a download
 * @param fulfilmentNote how staff fulfilled it; null for a download or while open
 */
public record AccessRequest(UUID id, ClientId client, UserId requestedBy, Instant requestedAt, Instant dueAt,
		String channel, String format, @Phi String details, Instant fulfilledAt, UserId fulfilledBy,
		@Phi String fulfilmentNote) {

	public boolean fulfilled() {
		return fulfilledAt != null;
	}

	public boolean overdueAt(Instant now) {
		return !fulfilled() && now.isAfter(dueAt);
	}

	/** Whole days until the due date (negative once overdue). */
	public long daysLeftAt(Instant now) {
		return Math.floorDiv(Duration.between(now, dueAt).toHours(), 24);
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
