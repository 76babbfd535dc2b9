package health.haven.telehealth.internal.janus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One participant's connection to a Janus room, opened by Haven with that participant's own token: the restricted
 * set of operations the signaling layer may proxy for a browser, and nothing else. A leg publishes its own media,
 * subscribes to feeds that Janus announced in its room, trickles candidates to its own handles and closes. It cannot
 * create, edit, record or destroy rooms, join another room, kick anyone or pass arbitrary Janus requests: those
 * operations do not exist here, every request is built by this class, and what comes from a browser (SDPs,
 * candidates, the display id) is checked and copied field by field.
 *
 * <p>Each leg has its own WebSocket to Janus, so closing it (or Haven stopping) makes Janus tear down the session,
 * its handles and its PeerConnections at once. Listener calls arrive in order on a pooled thread.
 */
public final class JanusLeg implements AutoCloseable {

	private static final Pattern DISPLAY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final int MAX_SDP = 64 * 1024;

	private static final int MAX_CANDIDATE = 1024;

	private final JanusClient client;

	private final long room;

	private final String token;

	private final long session;

	private final long publisherHandle;

	private final Listener listener;

	private final ScheduledFuture<?> keepalive;

	/** Feeds Janus announced in this room (and not yet gone): the only ones this leg may subscribe to. */
	private final Set<Long> feeds = ConcurrentHashMap.newKeySet();

	/** Subscriber handles by feed. */
	private final Map<Long, Long> subscriptions = new ConcurrentHashMap<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	private volatile long participant;

	private volatile long privateId;

	JanusLeg(JanusClient client, long room, String token, Listener listener) {
		this.client = client;
		this.room = room;
		this.token = token;
		this.listener = listener;
		try {
			JsonNode created = client.call(withToken(JanusClient.request("create")), false);
			this.session = created.path("data").path("id").asLong();
			client.onEvent(session, this::event);
			this.publisherHandle = attach();
		}
		catch (RuntimeException ex) {
			client.close();
			throw ex;
		}
		this.keepalive = client.keepAlive(session, token, failure -> end(failure.janusCode() == 403
				? Ending.REVOKED : Ending.CONNECTION_LOST));
		client.onClose(() -> end(Ending.CONNECTION_LOST));
	}

	/** What Janus tells a leg about its room. Calls arrive in order, on a pooled thread; keep them short. */
	public interface Listener {

		/** Publishers (other participants' feeds) now available to subscribe to, including those present at join. */
		default void publishersAppeared(List<Publisher> publishers) {
		}

		/** A feed stopped publishing or left the room; its subscription, if any, is over. */
		default void publisherLeft(long feedId) {
		}

		/** A PeerConnection of this leg closed on Janus's side (ICE or DTLS failure, or the end of the room). */
		default void hungUp(Target target) {
		}

		/** The leg is over and has been closed; called at most once, never after {@link JanusLeg#close()}. */
		default void ended(Ending why) {
		}

	}

	/** A feed in the room: Janus's id for it and the opaque display id Haven gave its publisher. */
	public record Publisher(long id, String display) {
	}

	/** Why a leg ended. */
	public enum Ending {

		/** The facilitator removed the participant ({@link JanusRooms#kick}). */
		KICKED,
		/** The room was destroyed. */
		ROOM_DESTROYED,
		/** The participant's token was revoked: Janus no longer accepts the session. */
		REVOKED,
		/** The connection to Janus closed or the session timed out. */
		CONNECTION_LOST

	}

	/** Where a trickled candidate goes: this leg's own publisher PeerConnection, or its subscription to a feed. */
	public record Target(long feedId) {

		public static Target publisher() {
			return new Target(0);
		}

		public static Target subscription(long feedId) {
			if (feedId <= 0) {
				throw JanusException.badRequest("a feed id is a positive number");
			}
			return new Target(feedId);
		}

		public boolean isPublisher() {
			return feedId == 0;
		}

	}

	public long room() {
		return room;
	}

	/** This participant's id in the Janus room once joined: what {@link JanusRooms#kick} takes. */
	public OptionalLong participantId() {
		return participant == 0 ? OptionalLong.empty() : OptionalLong.of(participant);
	}

	/**
	 * Joins the room as a publisher without sending media yet, so that the participant learns about feeds (and may
	 * subscribe) before or without publishing. The current publishers are returned and also given to the listener.
	 * @param display an opaque participant id from Haven, never a name
	 */
	public synchronized List<Publisher> join(String display) {
		if (participant != 0) {
			throw JanusException.notAllowed("this leg has joined its room already");
		}
		if (display == null || !DISPLAY.matcher(display).matches()) {
			throw JanusException.badRequest("the display must be an opaque id (letters, digits, - and _)");
		}
		ObjectNode body = JanusClient.JSON.createObjectNode()
			.put("request", "join")
			.put("ptype", "publisher")
			.put("room", room)
			.put("display", display)
			.put("token", token);
		JsonNode data = pluginData(message(publisherHandle, body, null), "could not join the room");
		participant = data.path("id").asLong();
		privateId = data.path("private_id").asLong();
		List<Publisher> present = publishers(data.path("publishers"));
		if (!present.isEmpty()) {
			listener.publishersAppeared(present);
		}
		return present;
	}

	/**
	 * Publishes this participant's audio and video: joins first if needed, then configures the publisher with the
	 * browser's offer (end-to-end encrypted frames: Janus refuses an offer without it in these rooms). Calling it
	 * again renegotiates.
	 * @return Janus's answer SDP
	 */
	public synchronized String publish(String offerSdp, String display) {
		checkSdp(offerSdp);
		if (participant == 0) {
			join(display);
		}
		ObjectNode body = JanusClient.JSON.createObjectNode()
			.put("request", "configure")
			.put("audio", true)
			.put("video", true);
		JsonNode answer = message(publisherHandle, body, jsep("offer", offerSdp));
		pluginData(answer, "Janus refused the offer");
		return answerSdp(answer, "answer");
	}

	/**
	 * Subscribes to a feed Janus announced in this room: a new handle joins as a subscriber (with this participant's
	 * private id, which the room requires) and Janus offers the feed's media.
	 * @return Janus's offer SDP, to be answered with {@link #start}
	 */
	public synchronized String subscribe(long feedId) {
		if (privateId == 0) {
			throw JanusException.notAllowed("join the room before subscribing");
		}
		if (!feeds.contains(feedId)) {
			throw JanusException.notAllowed("that feed is not publishing in this leg's room");
		}
		if (subscriptions.containsKey(feedId)) {
			throw JanusException.notAllowed("this leg is subscribed to that feed already");
		}
		long handle = attach();
		try {
			ObjectNode body = JanusClient.JSON.createObjectNode()
				.put("request", "join")
				.put("ptype", "subscriber")
				.put("room", room)
				.put("private_id", privateId)
				.put("token", token);
			body.putArray("streams").addObject().put("feed", feedId);
			JsonNode offer = message(handle, body, null);
			pluginData(offer, "could not subscribe to the feed");
			String sdp = answerSdp(offer, "offer");
			subscriptions.put(feedId, handle);
			return sdp;
		}
		catch (RuntimeException ex) {
			detachQuietly(handle);
			throw ex;
		}
	}

	/** Completes a subscription with the browser's answer to Janus's offer. */
	public synchronized void start(long feedId, String answerSdp) {
		checkSdp(answerSdp);
		Long handle = subscriptions.get(feedId);
		if (handle == null) {
			throw JanusException.notAllowed("this leg is not subscribed to that feed");
		}
		ObjectNode body = JanusClient.JSON.createObjectNode().put("request", "start");
		pluginData(message(handle, body, jsep("answer", answerSdp)), "Janus refused the answer");
	}

	/** Ends a subscription (its handle is detached). */
	public synchronized void unsubscribe(long feedId) {
		Long handle = subscriptions.remove(feedId);
		if (handle != null) {
			detachQuietly(handle);
		}
	}

	/**
	 * Trickles one ICE candidate from the browser: only {@code candidate}, {@code sdpMid} and {@code sdpMLineIndex}
	 * are copied from {@code candidateJson} (an {@code RTCIceCandidate} as JSON).
	 */
	public void trickle(Target target, String candidateJson) {
		JsonNode given;
		try {
			given = candidateJson == null || candidateJson.length() > 2 * MAX_CANDIDATE ? null
					: JanusClient.JSON.readTree(candidateJson);
		}
		catch (JacksonException ex) {
			given = null;
		}
		if (given == null || !given.isObject() || !given.path("candidate").isString()
				|| given.path("candidate").asString().length() > MAX_CANDIDATE) {
			throw JanusException.badRequest("not an ICE candidate");
		}
		ObjectNode candidate = JanusClient.JSON.createObjectNode().put("candidate", given.path("candidate").asString());
		if (given.path("sdpMid").isString() && given.path("sdpMid").asString().length() <= 32) {
			candidate.put("sdpMid", given.path("sdpMid").asString());
		}
		if (given.path("sdpMLineIndex").isInt() && given.path("sdpMLineIndex").asInt() >= 0
				&& given.path("sdpMLineIndex").asInt() < 64) {
			candidate.put("sdpMLineIndex", given.path("sdpMLineIndex").asInt());
		}
		sendTrickle(target, candidate);
	}

	/** Tells Janus the browser has no more candidates for that PeerConnection. */
	public void trickleComplete(Target target) {
		sendTrickle(target, JanusClient.JSON.createObjectNode().put("completed", true));
	}

	/** Leaves the room: the Janus session, its handles and PeerConnections are destroyed. Idempotent. */
	@Override
	public void close() {
		ended.set(true);
		keepalive.cancel(false);
		if (client.isOpen()) {
			try {
				client.call(withToken(JanusClient.request("destroy").put("session_id", session)), true);
			}
			catch (JanusException ex) {
				// the connection's close below makes Janus destroy the session anyway
			}
		}
		client.close();
	}

	private void sendTrickle(Target target, ObjectNode candidate) {
		long handle;
		if (target.isPublisher()) {
			handle = publisherHandle;
		}
		else {
			Long subscription = subscriptions.get(target.feedId());
			if (subscription == null) {
				throw JanusException.notAllowed("this leg is not subscribed to that feed");
			}
			handle = subscription;
		}
		ObjectNode trickle = withToken(JanusClient.request("trickle").put("session_id", session).put("handle_id", handle));
		trickle.set("candidate", candidate);
		client.call(trickle, true);
	}

	private long attach() {
		JsonNode attached = client.call(withToken(JanusClient.request("attach")
			.put("session_id", session)
			.put("plugin", "janus.plugin.videoroom")), false);
		return attached.path("data").path("id").asLong();
	}

	private void detachQuietly(long handle) {
		try {
			client.call(withToken(JanusClient.request("detach").put("session_id", session).put("handle_id", handle)),
					true);
		}
		catch (JanusException ex) {
			// gone already
		}
	}

	private JsonNode message(long handle, ObjectNode body, ObjectNode jsep) {
		ObjectNode message = withToken(JanusClient.request("message").put("session_id", session).put("handle_id", handle));
		message.set("body", body);
		if (jsep != null) {
			message.set("jsep", jsep);
		}
		return client.call(message, false);
	}

	private ObjectNode withToken(ObjectNode request) {
		return request.put("token", token);
	}

	private void event(JsonNode message) {
		String kind = message.path("janus").asString("");
		long sender = message.path("sender").asLong(0);
		switch (kind) {
			case "event" -> pluginEvent(sender, message.path("plugindata").path("data"));
			case "hangup" -> hangup(sender);
			case "timeout" -> end(Ending.CONNECTION_LOST);
			default -> {
				// webrtcup, media, slowlink, detached: nothing the signaling layer acts on
			}
		}
	}

	private void pluginEvent(long sender, JsonNode data) {
		if ("destroyed".equals(data.path("videoroom").asString(""))) {
			end(Ending.ROOM_DESTROYED);
			return;
		}
		if (sender != publisherHandle) {
			return;
		}
		List<Publisher> appeared = publishers(data.path("publishers"));
		if (!appeared.isEmpty()) {
			listener.publishersAppeared(appeared);
		}
		for (String field : List.of("unpublished", "leaving", "kicked")) {
			JsonNode gone = data.path(field);
			if (gone.isNumber()) {
				feedGone(gone.asLong());
			}
			else if ("kicked".equals(data.path("reason").asString("")) && "ok".equals(gone.asString(""))) {
				end(Ending.KICKED);
			}
		}
	}

	private void hangup(long sender) {
		if (sender == publisherHandle) {
			listener.hungUp(Target.publisher());
			return;
		}
		subscriptions.forEach((feed, handle) -> {
			if (handle == sender) {
				listener.hungUp(new Target(feed));
			}
		});
	}

	private void feedGone(long feed) {
		if (feeds.remove(feed)) {
			Long handle = subscriptions.remove(feed);
			if (handle != null) {
				detachQuietly(handle);
			}
			listener.publisherLeft(feed);
		}
	}

	private List<Publisher> publishers(JsonNode list) {
		List<Publisher> found = new ArrayList<>();
		for (JsonNode entry : list) {
			long id = entry.path("id").asLong(0);
			if (id != 0 && id != participant && feeds.add(id)) {
				found.add(new Publisher(id, entry.path("display").asString("")));
			}
		}
		return found;
	}

	private void end(Ending why) {
		if (ended.compareAndSet(false, true)) {
			keepalive.cancel(false);
			client.close();
			listener.ended(why);
		}
	}

	private static ObjectNode jsep(String type, String sdp) {
		return JanusClient.JSON.createObjectNode().put("type", type).put("sdp", sdp).put("e2ee", true);
	}

	private static void checkSdp(String sdp) {
		if (sdp == null || sdp.length() > MAX_SDP || !sdp.startsWith("v=0")) {
			throw JanusException.badRequest("not a session description");
		}
	}

	private static String answerSdp(JsonNode answer, String type) {
		JsonNode jsep = answer.path("jsep");
		if (!type.equals(jsep.path("type").asString("")) || !jsep.path("sdp").isString()) {
			throw JanusException.unavailable("Janus answered without a session description");
		}
		return jsep.path("sdp").asString();
	}

	/** The VideoRoom's answer data; a VideoRoom error becomes a {@link JanusException} with its code. */
	static JsonNode pluginData(JsonNode answer, String explanation) {
		JsonNode data = answer.path("plugindata").path("data");
		if (data.has("error_code") || data.isMissingNode()) {
			throw JanusException.refused(explanation, data.path("error_code").asInt(0));
		}
		return data;
	}

}
