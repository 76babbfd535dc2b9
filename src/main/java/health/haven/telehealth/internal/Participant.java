package health.haven.telehealth.internal;

import health.haven.consent.JoinCheck;
import health.haven.identity.Actor;
import health.haven.shared.ClientId;
import health.haven.telehealth.Seat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.web.socket.WebSocketSession;

/**
 * One connection in a room. Its id is random per connection and is what the others learn of it, with, in a group,
 * the short name the room shows (first name and last initial by default) and the public key the browser sent. No
 * user id, no client id leaves the server.
 */
final class Participant {

	private final String id = UUID.randomUUID().toString();

	private final WebSocketSession connection;

	private final Actor actor;

	private final Seat seat;

	private volatile UUID presence;

	private final Optional<ClientId> client;

	private final String name;

	private final List<JoinCheck.Unmet> blocked;

	private volatile boolean admitted;

	private volatile String publicKey;

	private volatile Object media;

	/** This participant's media-server calls, one after another, off the signaling thread. */
	private CompletableFuture<Void> mediaWork = CompletableFuture.completedFuture(null);

	private final Executor mediaCalls;

	Participant(WebSocketSession connection, Actor actor, Seat seat, UUID presence, Optional<ClientId> client,
			String name, List<JoinCheck.Unmet> blocked, Executor mediaCalls) {
		this.connection = connection;
		this.mediaCalls = mediaCalls;
		this.actor = actor;
		this.seat = seat;
		this.presence = presence;
		this.client = client;
		this.name = name;
		this.blocked = List.copyOf(blocked);
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

	/** The current stay's presence row (a guest sent back to the waiting room starts a new stay). */
	UUID presence() {
		return presence;
	}

	void presence(UUID value) {
		presence = value;
	}

	Optional<ClientId> client() {
		return client;
	}

	/** The name the room shows (groups only; empty in an individual room, where nobody needs one). */
	String name() {
		return name;
	}

	/** The join gates this guest has not met that stop their admission (a facilitator not licensed in their state). */
	List<JoinCheck.Unmet> blocked() {
		return blocked;
	}

	boolean admitted() {
		return admitted;
	}

	void admitted(boolean value) {
		admitted = value;
	}

	String publicKey() {
		return publicKey;
	}

	void publicKey(String value) {
		publicKey = value;
	}

	/**
	 * Runs a media-server call for this participant after the ones before it (admission, then departure, in that
	 * order), on {@link MediaCalls}, so that a slow media server never holds up the signaling of the room.
	 */
	synchronized void mediaWork(Runnable call) {
		mediaWork = mediaWork.thenRunAsync(call, mediaCalls).exceptionally(ex -> null);
	}

	/** The participant's media-server connection, when the room's media goes through one. */
	Object media() {
		return media;
	}

	void media(Object value) {
		media = value;
	}

}
