package health.haven.telehealth;

import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A telehealth room, as ids and codes: its kind, the client it is for (an individual room only), the clinician or
 * facilitator who hosts it, the scheduled session it belongs to (if any), whether it is open and locked. The id is
 * random (a UUID from a secure generator): knowing it gives nothing, every seat is decided anew.
 */
public record Room(UUID id, OrgId org, RoomKind kind, ClientId client, UserId host, Optional<UUID> session,
		boolean open, boolean locked, Instant openedAt, Instant lastActivityAt) {

	public boolean group() {
		return kind == RoomKind.GROUP;
	}

	/**
	 * The id the join gates are checked against: the scheduled session, or the room itself for a room opened ad hoc
	 * (a location is confirmed for one join of one session either way).
	 */
	public UUID gateSession() {
		return session.orElse(id);
	}

}
