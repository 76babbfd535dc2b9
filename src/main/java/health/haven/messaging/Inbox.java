package health.haven.messaging;

import health.haven.identity.Actor;
import health.haven.messaging.internal.MessageStore;
import health.haven.messaging.internal.Participants;
import health.haven.shared.ClientId;
import health.haven.shared.tenancy.TenantWork;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * How many messages are waiting for a person, for other modules' pages (the portal home shows it). A number only:
 * no subject, no client, nothing opened, so it is not audited as a read of client data; the threads themselves are,
 * when listed or opened through {@link Messages}.
 */
@Service
public class Inbox {

	private final MessageStore store;

	private final TenantWork work;

	private final Participants participants;

	Inbox(MessageStore store, TenantWork work, Participants participants) {
		this.store = store;
		this.work = work;
		this.participants = participants;
	}

	/**
	 * Unread messages in the threads the person may see (a client's with their team; for clinical staff, those about
	 * the clients in their care); 0 for anyone who takes no part in messaging.
	 */
	public int unreadFor(Actor actor) {
		if (!participants.actsAsClient(actor) && !participants.actsAsStaff(actor)) {
			return 0;
		}
		Set<ClientId> inView = participants.clientsInView(actor);
		if (inView.isEmpty()) {
			return 0;
		}
		return work.reading(actor.org(),
				() -> store.unread(inView, participants.actsAsClient(actor), actor.user()));
	}

}
