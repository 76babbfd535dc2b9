package health.haven.telehealth.internal;

import health.haven.identity.Actor;
import health.haven.telehealth.Seat;
import java.util.UUID;
import org.springframework.web.socket.WebSocketSession;

/**
 * One connection in a room. Its id is random per connection and is all the other side learns of it: no user id, no
 * name.
 */
final class Participant {

	private final String id = UUID.randomUUID().toString();

	private final WebSocketSession connection;

	private final Actor actor;

	private final Seat seat;

	private final UUID presence;

	private volatile boolean admitted;

	Participant(WebSocketSession connection, Actor actor, Seat seat, UUID presence) {
		this.connection = connection;
		this.actor = actor;
		this.seat = seat;
		this.presence = presence;
	}

	String id() {
		return id;
	}

	WebSocketSession connection() {
		return connection;
	}

	Actor actor() {
		return actor;
	}

	Seat seat() {
		return seat;
	}

	UUID presence() {
		return presence;
	}

	boolean admitted() {
		return admitted;
	}

	void admitted(boolean value) {
		admitted = value;
	}

}
