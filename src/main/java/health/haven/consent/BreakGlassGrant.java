package health.haven.consent;

import health.haven.shared.ClientId;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One emergency access to a client, as the review queue shows it (the reason is shown to reviewers only). */
public record BreakGlassGrant(UUID id, UserId user, ClientId client, Instant startedAt, Instant expiresAt,
		Optional<Instant> reviewedAt) {
}
