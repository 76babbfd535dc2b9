package health.haven.telehealth.internal;

import health.haven.shared.HavenException;
import health.haven.telehealth.internal.janus.JanusLeg;
import health.haven.telehealth.internal.janus.JanusRooms;
import health.haven.telehealth.internal.janus.JanusServer;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Group media through Janus (ADR 0011). A live group room gets one Janus room (end-to-end encrypted media required,
 * recording off and locked) when its first admitted participant's browser asks for media; each such participant gets
 * a token of their own, allowed in that room only, and a leg Haven holds for them, joined under their random
 * participant id (never a name). All of it runs off the signaling threads, in order per participant. The browser's media requests reach Janus only through {@link #request}: publish its own feed, receive
 * another participant's, trickle candidates. Leaving, being sent back or removed kicks the leg and revokes the token
 * at once; the room is destroyed when the live room ends or empties.
 *
 * <p>When Haven's Janus dies and is started again, the rooms and legs of the old one are gone: every live group room
 * gets a new Janus room on the next media request, and each participant who had a way in is told {@code ready} again,
 * on which their browser drops what it received and publishes anew (its media key and the room's signaling are
 * untouched).
 */
@Component
public class JanusGroupMedia implements GroupMedia {

	private static final Logger log = LoggerFactory.getLogger(JanusGroupMedia.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Janus rooms are sized for the largest group a track allows, with the facilitators. */
	static final int ROOM_CAPACITY = 20;

	private final JanusServer server;

	private final TelehealthSettings settings;

	private final Presence presence;

	private volatile boolean heldBack;

	JanusGroupMedia(JanusServer server, TelehealthSettings settings, Presence presence) {
		this.server = server;
		this.settings = settings;
		this.presence = presence;
		server.onRestart(this::restarted);
	}

	/**
	 * Tests only (with {@code haven.telehealth.test-hooks}): group rooms that go live from now on use the
	 * peer-to-peer mesh, as they would without a media server; rooms already live keep theirs.
	 */
	public void holdBackForTest(boolean held) {
		if (!settings.testHooks()) {
			throw new IllegalStateException("test hooks are off");
		}
		heldBack = held;
	}

	/**
	 * What Haven holds for one participant's way into Janus: the room, token and leg it made on the Janus of
	 * {@code generation}, and where to tell the participant about their media.
	 */
	private record Way(long generation, long room, String token, JanusLeg leg, Consumer<ObjectNode> toParticipant) {
	}

	/** A participant whose browser asked for media while Janus was down: told {@code ready} when it is back. */
	private record Waiting(Consumer<ObjectNode> toParticipant) {
	}

	@Override
	public boolean available() {
		return !heldBack && server.available();
	}

	/**
	 * Nothing is asked of Janus yet: the participant is told media can start, and their way in (a token and a leg) is
	 * made when their browser first asks for media. Connections that never send media (a phone that only waits)
	 * cost the media server nothing.
	 */
	@Override
	public void admitted(LiveRoom room, Participant participant, Consumer<ObjectNode> toParticipant) {
		toParticipant.accept(message("ready"));
	}

	@Override
	public void request(LiveRoom room, Participant participant, JsonNode message, Consumer<ObjectNode> toParticipant) {
		try {
			if (participant.media() instanceof Way stale && stale.generation() != server.generation()) {
				moved(participant, stale);
				return;
			}
			Way way = participant.media() instanceof Way existing ? existing : connect(room, participant, toParticipant);
			String op = text(message, "op");
			switch (op == null ? "" : op) {
				case "publish" -> toParticipant
					.accept(message("published").put("sdp", way.leg().publish(text(message, "sdp"), participant.id())));
				case "subscribe" -> {
					long feed = feed(message);
					toParticipant.accept(message("offer").put("feed", feed).put("sdp", way.leg().subscribe(feed)));
				}
				case "start" -> way.leg().start(feed(message), text(message, "sdp"));
				case "trickle" -> {
					JanusLeg.Target target = message.hasNonNull("feed") ? JanusLeg.Target.subscription(feed(message))
							: JanusLeg.Target.publisher();
					JsonNode candidate = message.get("candidate");
					if (candidate == null || candidate.isNull()) {
						way.leg().trickleComplete(target);
					}
					else if (candidate.isObject()) {
						way.leg().trickle(target, candidate.toString());
					}
				}
				default -> toParticipant.accept(refused());
			}
		}
		catch (HavenException | IllegalArgumentException ex) {
			if (!server.available() && !(participant.media() instanceof Way)) {
				participant.media(new Waiting(toParticipant));
			}
			toParticipant.accept(refused());
		}
	}

	/**
	 * The participant's way into the room's Janus room: a token of their own allowed in that room only, and a leg
	 * joined under their random participant id; the feeds already published are handed to the browser.
	 */
	private Way connect(LiveRoom room, Participant participant, Consumer<ObjectNode> toParticipant) {
		long generation = server.generation();
		JanusRooms janus = server.rooms();
		long janusRoom = janusRoom(room, janus, generation);
		String token = JanusRooms.mintToken();
		janus.allow(janusRoom, token);
		JanusLeg leg = janus.openLeg(janusRoom, token, new JanusLeg.Listener() {

			@Override
			public void publishersAppeared(List<JanusLeg.Publisher> publishers) {
				toParticipant.accept(feeds(publishers));
			}

			@Override
			public void publisherLeft(long feedId) {
				toParticipant.accept(message("feedLeft").put("feed", feedId));
			}

		});
		Way way = new Way(generation, janusRoom, token, leg, toParticipant);
		participant.media(way);
		List<JanusLeg.Publisher> present = leg.join(participant.id());
		if (!present.isEmpty()) {
			toParticipant.accept(feeds(present));
		}
		return way;
	}

	@Override
	public void departed(LiveRoom room, Participant participant) {
		Object held = participant.media();
		participant.media(null);
		if (!(held instanceof Way way)) {
			return;
		}
		if (way.generation() != server.generation()) {
			way.leg().close();
			return;
		}
		try {
			JanusRooms janus = server.rooms();
			way.leg().participantId().ifPresent(id -> janus.kick(way.room(), id));
			janus.disallow(way.room(), way.token());
		}
		catch (HavenException ex) {
			log.warn("a departed participant's media could not be revoked: {}", ex.code());
		}
		finally {
			way.leg().close();
		}
	}

	@Override
	public void closed(LiveRoom room) {
		Object held;
		long generation;
		synchronized (room) {
			held = room.mediaRoom;
			generation = room.mediaGeneration;
			room.mediaRoom = null;
		}
		if (held instanceof Long janusRoom && generation == server.generation() && server.available()) {
			try {
				server.rooms().destroy(janusRoom);
			}
			catch (HavenException ex) {
				log.warn("a media room could not be destroyed: {}", ex.code());
			}
		}
	}

	/** The live room's Janus room, created with the first admission (and again on a Janus started after it died). */
	private static long janusRoom(LiveRoom room, JanusRooms janus, long generation) {
		synchronized (room) {
			if (room.mediaRoom instanceof Long existing && room.mediaGeneration == generation) {
				return existing;
			}
			long created = janus.createRoom(ROOM_CAPACITY);
			room.mediaRoom = created;
			room.mediaGeneration = generation;
			return created;
		}
	}

	/**
	 * Haven's Janus died and a new one runs: the live group rooms forget their old Janus room, and everyone who had a
	 * way in, or asked for one while Janus was down, is told to publish again (in order with their other media calls).
	 */
	private void restarted() {
		long generation = server.generation();
		for (LiveRoom room : presence.all()) {
			if (room.media() != LiveRoom.Media.JANUS) {
				continue;
			}
			synchronized (room) {
				if (room.mediaGeneration != generation) {
					room.mediaRoom = null;
				}
			}
			for (Participant participant : room.all()) {
				participant.mediaWork(() -> {
					if (participant.media() instanceof Way way && way.generation() != server.generation()) {
						moved(participant, way);
					}
					else if (participant.media() instanceof Waiting waiting) {
						participant.media(null);
						waiting.toParticipant().accept(readyAgain());
					}
				});
			}
		}
		log.info("group media moved to the restarted Janus");
	}

	/** A way into a Janus that is gone: dropped, and the participant told to publish again. */
	private static void moved(Participant participant, Way stale) {
		participant.media(null);
		stale.leg().close();
		stale.toParticipant().accept(readyAgain());
	}

	/** Tells a browser to drop what it received through Janus and publish again, to the Janus running now. */
	private static ObjectNode readyAgain() {
		return message("ready").put("restart", true);
	}

	/** The feeds to receive, each with the participant id it belongs to (the display Haven gave Janus). */
	private static ObjectNode feeds(List<JanusLeg.Publisher> publishers) {
		ObjectNode feeds = message("feeds");
		for (JanusLeg.Publisher publisher : publishers) {
			feeds.withArray("feeds").addObject().put("feed", publisher.id()).put("participant", publisher.display());
		}
		return feeds;
	}

	private static long feed(JsonNode message) {
		JsonNode feed = message.get("feed");
		if (feed == null || !feed.canConvertToLong()) {
			throw new IllegalArgumentException("feed");
		}
		return feed.asLong();
	}

	private static ObjectNode message(String op) {
		return JSON.createObjectNode().put("type", "media").put("op", op);
	}

	private static ObjectNode refused() {
		return JSON.createObjectNode().put("type", "refused").put("reason", "media-refused");
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		return value == null || !value.isString() ? null : value.asString();
	}

}
