package health.haven.messaging;

import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import java.util.UUID;

/** A message was sent in a thread (ids only, never its text). */
public record MessageSent(OrgId org, ClientId client, UUID thread, UUID message) {
}
