package health.haven.telehealth;

import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.UUID;

/**
 * A telehealth room, as ids and codes: the client it is for, the clinician who hosts it, whether it is open and
 * locked. The id is random (a UUID from a secure generator): knowing it gives nothing, every seat is decided anew.
 */
public record Room(UUID id, OrgId org, ClientId client, UserId host, boolean open, boolean locked, Instant openedAt,
		Instant lastActivityAt) {
}
