package health.haven.records;

import health.haven.shared.ClientId;
import java.time.Instant;
import java.util.UUID;

/**
 * Urgent work for a client's care team, e.g. following up a PHQ-9 item 9 answer above 0 the same day. Open until
 * someone on the team closes it; closing records who and when (the task is never deleted).
 *
 * @param kind a code: {@code PHQ9_ITEM9}
 * @param status {@code open} or {@code closed}
 */
public record SafetyTask(UUID id, ClientId client, String kind, UUID measure, Instant openedAt, String status,
		UUID closedBy, Instant closedAt) {

	public static final String PHQ9_ITEM9 = "PHQ9_ITEM9";

	public boolean open() {
		return "open".equals(status);
	}

}
