package health.haven.telehealth.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * A test hook: every signaling message the server sent, kept in memory, so that a test can prove none carried a media
 * key. It exists only when {@code haven.telehealth.test-hooks=true}; production has no such bean.
 */
@Component
@ConditionalOnProperty(name = "haven.telehealth.test-hooks", havingValue = "true")
public class RelayedMessages {

	private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();

	void relayed(String payload) {
		messages.add(payload);
	}

	public List<String> all() {
		return List.copyOf(messages);
	}

}
