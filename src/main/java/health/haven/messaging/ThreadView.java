package health.haven.messaging;

import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.List;
import java.util.UUID;

/**
 * A thread as its reader sees it: a page of its messages, oldest first ({@link Messages#PAGE} at most), the newest
 * unless an earlier page was asked for, and whether it can still be answered.
 *
 * @param earlier how many older messages are not shown
 * @param earlierPage what to ask for to see the page before this one ({@code before}); null when there is none
 * @param newest whether this page ends with the thread's newest message
 * @param readOnly the client has been discharged: the thread can be read but no longer answered (ADR 0013)
 */
public record ThreadView(UUID id, ThreadKind kind, ClientId client, @Phi String subject, List<MessageView> messages,
		int earlier, Long earlierPage, boolean newest, boolean readOnly) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
