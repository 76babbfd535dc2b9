package health.haven.messaging;

import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.util.UUID;

/** A thread in a list: what it is about, when it last moved, and how many of its messages the reader has not read. */
public record ThreadSummary(UUID id, ThreadKind kind, ClientId client, @Phi String subject, Instant lastMessageAt,
		int messages, int unread) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
