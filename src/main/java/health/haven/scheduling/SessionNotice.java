package health.haven.scheduling;

import java.time.Instant;
import java.util.UUID;

/** An in-app notice that a session of one's own moved or was cancelled: fixed wording and a date, nothing more. */
public record SessionNotice(UUID id, UUID session, String text, Instant createdAt) {
}
