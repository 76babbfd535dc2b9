package health.haven.audit;

import health.haven.shared.ClientId;
import java.time.Instant;

/**
 * A client whose data a user touched in a period (the breach-scope question), with how often and when.
 */
public record ClientTouch(ClientId client, long entries, Instant first, Instant last) {
}
