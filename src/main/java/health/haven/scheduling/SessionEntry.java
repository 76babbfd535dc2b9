package health.haven.scheduling;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A session in someone's list or week. For staff, {@code label} is the track's name (or "Individual session") and
 * {@code role} how they take part; a client sees a generic label, no role and no roster figures ({@code rosterSize}
 * and {@code capacity} null), so nothing tells them who else attends. {@code version} is for changes (stale: 409).
 */
public record SessionEntry(UUID id, SessionKind kind, Instant startsAt, Instant endsAt, ZoneId zone,
		SessionStatus status, boolean moved, String label, String role, Integer rosterSize, Integer capacity,
		int version) {

	/** "Mon 7 Dec 2026, 18:00-21:00 EST", in the program's time zone. */
	public String when() {
		return SessionTimes.describe(startsAt, endsAt, zone);
	}

}
