package health.haven.messaging;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.util.UUID;

/**
 * One message as its reader sees it.
 *
 * @param mine whether the reader wrote it
 * @param unread whether it arrived after the reader last read the thread (never for one's own)
 * @param attachment its attachment, or null
 */
public record MessageView(UUID id, @Phi String authorName, boolean fromClient, boolean mine, boolean unread,
		@Phi String body, Instant sentAt, MessageAttachment attachment) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
