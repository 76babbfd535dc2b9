package health.haven.messaging;

import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.List;
import java.util.UUID;

/**
 * A thread as its reader sees it: its latest messages, oldest first ({@link Messages#PAGE} at most; {@code earlier}
 * says how many older ones are not shown), and whether it can still be answered.
 *
 * @param readOnly the client has been discharged: the thread can be read but no longer answered (ADR 0013)
 */
public record ThreadView(UUID id, ThreadKind kind, ClientId client, @Phi String subject, List<MessageView> messages,
		int earlier, boolean readOnly) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
