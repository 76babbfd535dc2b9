package health.haven.telehealth;

import java.time.Instant;
import java.util.UUID;

/**
 * An open room as its list shows it: the room, the seat the viewer has in it and whether the other side is there now.
 * No names: the client's page says "your clinician", the clinician's page links to the chart by id.
 */
public record OpenRoom(UUID room, Seat seat, String clientId, Instant openedAt, boolean otherSidePresent) {
}
