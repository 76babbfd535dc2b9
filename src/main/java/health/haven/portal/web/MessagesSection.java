package health.haven.portal.web;

import health.haven.messaging.Inbox;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Unread secure messages from the care team ({@link Inbox#unreadFor}: a count only), with the way to them; always
 * shown, so the client knows where to write.
 */
@Component
@Order(25)
class MessagesSection implements HomeSection {

	private final Inbox inbox;

	MessagesSection(Inbox inbox) {
		this.inbox = inbox;
	}

	@Override
	public Optional<Shown> show(PortalClient client) {
		return Optional.of(new Shown("messages", inbox.unreadFor(client.actor())));
	}

}
