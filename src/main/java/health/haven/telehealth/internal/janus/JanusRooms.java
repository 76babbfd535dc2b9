package health.haven.telehealth.internal.janus;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Haven's side of Janus VideoRoom rooms: creating them locked down, admitting and revoking participants' tokens,
 * removing participants and destroying rooms. Only Haven holds a room's secret and the VideoRoom's admin key, so only
 * Haven can change a room; browsers never talk to Janus's API at all (ADR 0011).
 *
 * <p>Every room is created with end-to-end encryption required ({@code require_e2ee}: Janus refuses a publisher
 * whose offer does not declare encoded-transform encryption), recording off and locked ({@code record: false},
 * {@code lock_record: true}), private (not listed), its subscribers bound to a publisher's private id, and its
 * {@code allowed} list on from the start, empty: nobody joins until Haven {@link #allow}s their token.
 *
 * <p>Tokens are Janus's stored tokens (core {@code token_auth}), added and removed through the admin API, and the
 * same token is put on the room's allowed list: removing it revokes at once (the next request of that session is
 * refused and the room will not take it again), which HMAC-signed tokens could not do before they expire.
 *
 * <p>Room secrets live in memory: after a Haven restart an auto-mode Janus restarts too (its rooms are gone); an
 * external Janus keeps its non-permanent rooms until it restarts, unreachable to Haven.
 */
public final class JanusRooms {

	private static final Logger log = LoggerFactory.getLogger(JanusRooms.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final String VIDEOROOM = "janus.plugin.videoroom";

	/** Janus VideoRoom: "No such room". */
	static final int NO_SUCH_ROOM = 426;

	/** Janus VideoRoom: "No such user" (kick of someone not in the room). */
	static final int NO_SUCH_USER = 428;

	private final HttpClient http;

	private final URI api;

	private final Optional<URI> admin;

	private final String adminSecret;

	private final String roomAdminKey;

	private final boolean storedTokens;

	private final String controlToken = mintToken();

	private final Map<Long, String> secrets = new ConcurrentHashMap<>();

	private final Map<Long, Set<String>> tokens = new ConcurrentHashMap<>();

	private Control control;

	private JanusClient adminClient;

	/**
	 * @param storedTokens whether Janus has core {@code token_auth} on, so that tokens are added and removed through
	 * the admin API ({@code admin} must be given then)
	 */
	JanusRooms(HttpClient http, URI api, Optional<URI> admin, String adminSecret, String roomAdminKey,
			boolean storedTokens) {
		this.http = http;
		this.api = api;
		this.admin = admin;
		this.adminSecret = adminSecret;
		this.roomAdminKey = roomAdminKey;
		this.storedTokens = storedTokens && admin.isPresent();
	}

	/** A new participant token: 32 random bytes, base64url without padding (43 characters). */
	public static String mintToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Whether Janus checks tokens on every request (stored tokens), not only at room join. */
	public boolean storedTokens() {
		return storedTokens;
	}

	/**
	 * Creates a room for up to {@code capacity} publishers (8 to 15 people in a group: at most 32 here), with a random
	 * secret that only Haven keeps.
	 * @return Janus's numeric room id
	 */
	public long createRoom(int capacity) {
		if (capacity < 2 || capacity > 32) {
			throw JanusException.badRequest("a group room holds 2 to 32 publishers");
		}
		String secret = mintToken();
		ObjectNode body = body("create")
			.put("description", "haven")
			.put("is_private", true)
			.put("secret", secret)
			.put("publishers", capacity)
			.put("require_e2ee", true)
			.put("require_pvtid", true)
			.put("record", false)
			.put("lock_record", true)
			.put("audiocodec", "opus")
			.put("videocodec", "vp8")
			.put("notify_joining", false)
			.put("permanent", false);
		body.putArray("allowed");
		if (!roomAdminKey.isEmpty()) {
			body.put("admin_key", roomAdminKey);
		}
		JsonNode data = roomRequest(body, "could not create a room");
		long room = data.path("room").asLong(0);
		if (room == 0) {
			throw JanusException.unavailable("Janus created a room without a numeric id");
		}
		secrets.put(room, secret);
		tokens.put(room, ConcurrentHashMap.newKeySet());
		return room;
	}

	/** Lets the holder of {@code token} into the room: a stored token in Janus, and on the room's allowed list. */
	public void allow(long room, String token) {
		String secret = secret(room);
		checkToken(token);
		if (storedTokens) {
			ObjectNode add = JanusClient.request("add_token").put("token", token);
			add.putArray("plugins").add(VIDEOROOM);
			admin().call(add, true);
		}
		tokens.get(room).add(token);
		ObjectNode body = body("allowed").put("room", room).put("secret", secret).put("action", "add");
		body.putArray("allowed").add(token);
		try {
			roomRequest(body, "could not allow the token");
		}
		catch (JanusException ex) {
			tokens.get(room).remove(token);
			removeStoredToken(token);
			throw ex;
		}
	}

	/**
	 * Revokes {@code token}: off the room's allowed list and out of Janus's stored tokens, so its session is refused
	 * from its next request. A participant already in the room is removed with {@link #kick}. Idempotent.
	 */
	public void disallow(long room, String token) {
		checkToken(token);
		String secret = secrets.get(room);
		if (secret != null) {
			ObjectNode body = body("allowed").put("room", room).put("secret", secret).put("action", "remove");
			body.putArray("allowed").add(token);
			try {
				roomRequest(body, "could not disallow the token");
			}
			catch (JanusException ex) {
				if (ex.janusCode() != NO_SUCH_ROOM) {
					throw ex;
				}
			}
			// The room's set may be gone already (the room destroyed meanwhile): Set.of() would throw on remove.
			Set<String> held = tokens.get(room);
			if (held != null) {
				held.remove(token);
			}
		}
		removeStoredToken(token);
	}

	/**
	 * Removes a participant (their Janus participant id, {@link JanusLeg#participantId()}) from the room: Janus hangs
	 * up their PeerConnections and tells their leg it was kicked.
	 * @return false when nobody with that id was in the room
	 */
	public boolean kick(long room, long participantId) {
		ObjectNode body = body("kick").put("room", room).put("secret", secret(room)).put("id", participantId);
		try {
			roomRequest(body, "could not remove the participant");
			return true;
		}
		catch (JanusException ex) {
			if (ex.janusCode() == NO_SUCH_USER) {
				return false;
			}
			throw ex;
		}
	}

	/** Destroys the room (everyone in it is told) and revokes every token it allowed. Idempotent. */
	public void destroy(long room) {
		String secret = secrets.remove(room);
		Set<String> allowed = tokens.remove(room);
		if (secret != null) {
			try {
				roomRequest(body("destroy").put("room", room).put("secret", secret).put("permanent", false),
						"could not destroy the room");
			}
			catch (JanusException ex) {
				if (ex.janusCode() != NO_SUCH_ROOM) {
					throw ex;
				}
			}
		}
		if (allowed != null) {
			allowed.forEach(this::removeStoredToken);
		}
	}

	/** How Janus has the room configured, read back from the VideoRoom (for checks and tests). */
	public Optional<RoomFacts> facts(long room) {
		ObjectNode body = body("list");
		if (!roomAdminKey.isEmpty()) {
			body.put("admin_key", roomAdminKey); // private rooms are listed only with the admin key
		}
		for (JsonNode entry : roomRequest(body, "could not list rooms").path("list")) {
			if (entry.path("room").asLong(0) == room) {
				return Optional.of(new RoomFacts(room, entry.path("require_e2ee").asBoolean(false),
						entry.path("record").asBoolean(true), entry.path("lock_record").asBoolean(false),
						entry.path("is_private").asBoolean(false), entry.path("max_publishers").asInt(0),
						entry.path("videocodec").asString(""), entry.path("audiocodec").asString(""),
						entry.path("num_participants").asInt(0)));
			}
		}
		return Optional.empty();
	}

	/** Who is in the room now, by Janus participant id and display id. */
	public List<JanusLeg.Publisher> participants(long room) {
		secret(room);
		JsonNode data = roomRequest(body("listparticipants").put("room", room), "could not list participants");
		List<JanusLeg.Publisher> found = new ArrayList<>();
		for (JsonNode entry : data.path("participants")) {
			found.add(new JanusLeg.Publisher(entry.path("id").asLong(), entry.path("display").asString("")));
		}
		return found;
	}

	/**
	 * Opens a participant's leg into one of Haven's rooms with that participant's token (allowed beforehand). Janus
	 * checks the token on the session itself (stored tokens) and again when the leg joins the room.
	 */
	public JanusLeg openLeg(long room, String token, JanusLeg.Listener listener) {
		secret(room);
		checkToken(token);
		JanusClient client = JanusClient.connect(http, api, JanusClient.Protocol.API, null, Duration.ofSeconds(5));
		return new JanusLeg(client, room, token, listener);
	}

	/** Sends a request to the VideoRoom with Haven's own credentials: for tests that prove what Janus refuses. */
	JsonNode rawRoomRequest(ObjectNode body) {
		return control().message(body);
	}

	synchronized void close() {
		if (control != null) {
			control.close();
			control = null;
		}
		if (adminClient != null) {
			adminClient.close();
			adminClient = null;
		}
	}

	/** Checks that Janus answers and has the VideoRoom; adds Haven's own control token when tokens are stored. */
	void connect() {
		control();
	}

	private void removeStoredToken(String token) {
		if (!storedTokens) {
			return;
		}
		try {
			admin().call(JanusClient.request("remove_token").put("token", token), true);
		}
		catch (JanusException ex) {
			log.debug("Janus had no such stored token (error {})", ex.janusCode());
		}
	}

	private JsonNode roomRequest(ObjectNode body, String explanation) {
		return JanusLeg.pluginData(control().message(body), explanation);
	}

	private String secret(long room) {
		String secret = secrets.get(room);
		if (secret == null) {
			throw JanusException.notAllowed("not a room Haven created on this Janus");
		}
		return secret;
	}

	private static void checkToken(String token) {
		if (token == null || !TOKEN.matcher(token).matches()) {
			throw JanusException.badRequest("a participant token is 43 base64url characters (mintToken)");
		}
	}

	private static ObjectNode body(String request) {
		return JanusClient.JSON.createObjectNode().put("request", request);
	}

	private synchronized JanusClient admin() {
		if (admin.isEmpty()) {
			throw JanusException.unavailable("the Janus admin API is not configured");
		}
		if (adminClient == null || !adminClient.isOpen()) {
			adminClient = JanusClient.connect(http, admin.get(), JanusClient.Protocol.ADMIN, adminSecret,
					Duration.ofSeconds(5));
		}
		return adminClient;
	}

	private synchronized Control control() {
		if (control == null || !control.client.isOpen()) {
			if (storedTokens) {
				ObjectNode add = JanusClient.request("add_token").put("token", controlToken);
				add.putArray("plugins").add(VIDEOROOM);
				admin().call(add, true);
			}
			control = new Control(JanusClient.connect(http, api, JanusClient.Protocol.API, null, Duration.ofSeconds(5)));
		}
		return control;
	}

	/** How Janus reports a room. */
	public record RoomFacts(long room, boolean requireE2ee, boolean record, boolean lockRecord, boolean isPrivate,
			int maxPublishers, String videoCodec, String audioCodec, int participants) {
	}

	/** Haven's own session and VideoRoom handle for room administration. */
	private final class Control {

		private final JanusClient client;

		private final long session;

		private final long handle;

		private final ScheduledFuture<?> keepalive;

		Control(JanusClient client) {
			this.client = client;
			try {
				JsonNode info = client.call(JanusClient.request("info"), false);
				if (!info.path("plugins").has(VIDEOROOM)) {
					throw JanusException.unavailable("this Janus has no VideoRoom plugin");
				}
				session = client.call(token(JanusClient.request("create")), false).path("data").path("id").asLong();
				handle = client.call(token(JanusClient.request("attach").put("session_id", session).put("plugin", VIDEOROOM)),
						false).path("data").path("id").asLong();
			}
			catch (RuntimeException ex) {
				client.close();
				throw ex;
			}
			keepalive = client.keepAlive(session, controlToken, failure -> {
				log.warn("Haven's Janus control session failed (error {}); it reconnects on the next request",
						failure.janusCode());
				client.close();
			});
		}

		JsonNode message(ObjectNode body) {
			ObjectNode message = token(JanusClient.request("message").put("session_id", session).put("handle_id", handle));
			message.set("body", body);
			return client.call(message, false);
		}

		private ObjectNode token(ObjectNode request) {
			return request.put("token", controlToken);
		}

		void close() {
			keepalive.cancel(false);
			client.close();
		}

	}

}
