package health.haven.scheduling;

import health.haven.shared.ClientId;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One session as other modules (telehealth) need it: ids and times only, no names. {@code staff} holds the
 * facilitator (or, for an individual session, the clinician) first, then any co-facilitator. {@code roster} holds the
 * clients expected; a client asking sees only themself in it, never the other attendees.
 */
public record ScheduledSession(UUID id, SessionKind kind, Instant startsAt, Instant endsAt, SessionStatus status,
		UUID program, List<UserId> staff, List<ClientId> roster) {

	public ScheduledSession {
		staff = List.copyOf(staff);
		roster = List.copyOf(roster);
	}

	/** The facilitator of a group, the clinician of an individual session. */
	public UserId lead() {
		return staff.get(0);
	}

}
