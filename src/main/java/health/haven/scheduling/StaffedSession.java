package health.haven.scheduling;

import health.haven.shared.ClientId;
import health.haven.shared.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A session as those who run it see it (its staff and its program's director): ids, times in the program's zone, the
 * track's name as its label, how the viewer takes part, and the whole roster. No names: modules that show people ask
 * records for them.
 */
public record StaffedSession(UUID id, SessionKind kind, Instant startsAt, Instant endsAt, ZoneId zone,
		SessionStatus status, UUID program, String label, String role, List<UserId> staff, List<ClientId> roster) {

	public StaffedSession {
		staff = List.copyOf(staff);
		roster = List.copyOf(roster);
	}

	/** "Mon 7 Dec 2026, 18:00-21:00 EST", in the program's time zone. */
	public String when() {
		return SessionTimes.describe(startsAt, endsAt, zone);
	}

	/** The day the session took place on, in the program's zone (the service date of its notes). */
	public LocalDate day() {
		return startsAt.atZone(zone).toLocalDate();
	}

}
