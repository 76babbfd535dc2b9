package health.haven.telehealth.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.identity.Actor;
import health.haven.shared.HavenException;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import health.haven.telehealth.Room;
import health.haven.telehealth.Seat;
import health.haven.telehealth.TelehealthRooms;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signaling for 1:1 rooms over one WebSocket per participant. The handshake already decided the person may sit in
 * the room ({@link SignalingHandshake}); every message is decided again (the room still open, the person still in the
 * client's care or the client themself, still connected as that participant), refusals are answered by the server
 * and audited, and only an allow-listed set of fields is relayed between the two admitted participants: SDP, ICE
 * candidates, public keys and wrapped keys. The server never sees a media key; it never logs a payload.
 */
public class Signaling extends TextWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(Signaling.class);

	static final String ACTOR = "haven.actor";

	static final String ROOM = "haven.room";

	static final String PARTICIPANT = "haven.participant";

	static final int MAX_MESSAGE = 64 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** What is relayed, by message type: the fields copied, nothing else. */
	private static final java.util.Map<String, List<String>> RELAYED = java.util.Map.of("offer", List.of("sdp"),
			"answer", List.of("sdp"), "ice", List.of("candidate", "sdpMid", "sdpMLineIndex"), "publicKey",
			List.of("key"), "wrappedKey", List.of("wrapped", "salt", "keyId"));

	private static final Set<String> HOST_ONLY = Set.of("admit", "remove", "sendBack", "lock", "unlock", "end");

	/** Base64 (standard or URL-safe) of a public key, a wrapped key or a salt. */
	private static final Pattern KEY_MATERIAL = Pattern.compile("[A-Za-z0-9+/_=-]{1,256}");

	private final TelehealthRooms rooms;

	private final RoomStore store;

	private final Presence presence;

	private final AuditTrail audit;

	private final TenantWork work;

	private final TelehealthSettings settings;

	private final ObjectProvider<RelayedMessages> relayed;

	Signaling(TelehealthRooms rooms, RoomStore store, Presence presence, AuditTrail audit, TenantWork work,
			TelehealthSettings settings, ObjectProvider<RelayedMessages> relayed) {
		this.rooms = rooms;
		this.store = store;
		this.presence = presence;
		this.audit = audit;
		this.work = work;
		this.settings = settings;
		this.relayed = relayed;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		session.setTextMessageSizeLimit(MAX_MESSAGE);
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
		Actor actor = (Actor) session.getAttributes().get(ACTOR);
		UUID roomId = (UUID) session.getAttributes().get(ROOM);
		if (actor == null || roomId == null) {
			session.close(CloseStatus.POLICY_VIOLATION);
			return;
		}
		JsonNode msg = parse(message.getPayload());
		String type = text(msg, "type");
		if (type == null) {
			send(session, refused("bad-message"));
			return;
		}
		Participant me = (Participant) session.getAttributes().get(PARTICIPANT);
		if (type.toLowerCase(Locale.ROOT).contains("record")) {
			refuse(actor, roomId, me, "RECORDING_NOT_OFFERED");
			send(session, refused("recording-not-offered"));
			return;
		}
		// Decided again on every message: a closed room, or a person no longer in the client's care, is refused.
		Seat seat;
		try {
			seat = rooms.seat(actor, roomId);
		}
		catch (HavenException ex) {
			send(session, refused("not-found"));
			if (me != null) {
				depart(me, "DISCONNECTED", false);
			}
			session.close(CloseStatus.POLICY_VIOLATION);
			return;
		}
		if (type.equals("join")) {
			join(session, actor, roomId, seat);
			return;
		}
		LiveRoom room = presence.existing(roomId);
		if (me == null || room == null || !room.contains(me)) {
			send(session, refused("not-joined"));
			return;
		}
		if (HOST_ONLY.contains(type) && seat != Seat.HOST) {
			refuse(actor, roomId, me, "HOST_ONLY");
			send(session, refused("not-allowed"));
			return;
		}
		switch (type) {
			case "admit" -> admit(room, me, text(msg, "participant"));
			case "remove" -> removeOrSendBack(room, me, text(msg, "participant"), true);
			case "sendBack" -> removeOrSendBack(room, me, text(msg, "participant"), false);
			case "lock", "unlock" -> lock(room, me, type.equals("lock"));
			case "end" -> end(room, me);
			case "leave" -> {
				depart(me, "LEFT", true);
				session.close(CloseStatus.NORMAL);
			}
			default -> relay(session, room, me, type, msg);
		}
	}

	private void join(WebSocketSession session, Actor actor, UUID roomId, Seat seat) throws IOException {
		if (session.getAttributes().get(PARTICIPANT) != null) {
			send(session, refused("already-joined"));
			return;
		}
		Room stored = store.find(actor.org(), roomId).orElseThrow();
		LiveRoom room = presence.live(roomId, actor.org());
		room.locked = stored.locked();
		if (seat == Seat.GUEST && stored.locked()) {
			refuse(actor, roomId, null, "LOCKED");
			send(session, refused("locked"));
			session.close(CloseStatus.POLICY_VIOLATION);
			return;
		}
		// One connection per person: a second tab takes the seat over.
		for (Participant other : room.all()) {
			if (other.actor().user().equals(actor.user())) {
				depart(other, "DISCONNECTED", true);
				closeQuietly(other.connection());
			}
		}
		WebSocketSession out = new ConcurrentWebSocketSessionDecorator(session, 5_000, 512 * 1024);
		UUID presenceId = UUID.randomUUID();
		Participant me = new Participant(out, actor, seat, presenceId);
		work.inTransaction(actor.org(), () -> {
			store.arrived(actor.org(), roomId, actor.user(), seat, presenceId);
			audit.record(event(actor, stored, AuditAction.ROOM_JOIN).detail("seat", seat.name()).build());
			if (seat == Seat.HOST) {
				store.admitted(actor.org(), presenceId);
			}
		});
		session.getAttributes().put(PARTICIPANT, me);
		room.add(me);
		ObjectNode joined = message("joined").put("participant", me.id()).put("seat", seat.name())
			.put("locked", room.locked);
		joined.set("iceServers", iceServers());
		if (seat == Seat.HOST) {
			me.admitted(true);
			send(out, joined);
			for (Participant waiting : room.all()) {
				if (!waiting.admitted()) {
					send(out, message("waiting").put("participant", waiting.id()));
				}
			}
		}
		else {
			send(out, joined);
			send(out, message("waiting"));
			room.host().ifPresent(host -> send(host.connection(), message("waiting").put("participant", me.id())));
		}
	}

	private void admit(LiveRoom room, Participant host, String participant) {
		Optional<Participant> guest = participant == null ? Optional.empty() : room.get(participant);
		if (guest.isEmpty() || guest.get().admitted()) {
			send(host.connection(), refused("no-such-participant"));
			return;
		}
		Participant admitted = guest.get();
		Room stored = store.find(room.org(), room.id()).orElseThrow();
		work.inTransaction(room.org(), () -> {
			store.admitted(room.org(), admitted.presence());
			audit.record(event(host.actor(), stored, AuditAction.ROOM_ADMIT)
				.detail("subject", admitted.actor().user().toString())
				.build());
		});
		admitted.admitted(true);
		ObjectNode toGuest = message("admitted").put("participant", admitted.id());
		toGuest.set("iceServers", iceServers());
		send(admitted.connection(), toGuest);
		send(host.connection(), message("admitted").put("participant", admitted.id()));
	}

	private void removeOrSendBack(LiveRoom room, Participant host, String participant, boolean remove) {
		Optional<Participant> target = participant == null ? Optional.empty() : room.get(participant);
		if (target.isEmpty() || target.get() == host) {
			send(host.connection(), refused("no-such-participant"));
			return;
		}
		Participant guest = target.get();
		Room stored = store.find(room.org(), room.id()).orElseThrow();
		work.inTransaction(room.org(), () -> audit.record(event(host.actor(), stored, AuditAction.ROOM_REMOVE)
			.detail("subject", guest.actor().user().toString())
			.detail("how", remove ? "REMOVED" : "SENT_BACK")
			.build()));
		if (remove) {
			send(guest.connection(), message("removed"));
			depart(guest, "REMOVED", false);
			closeQuietly(guest.connection());
			send(host.connection(), message("left").put("participant", guest.id()));
		}
		else {
			guest.admitted(false);
			send(guest.connection(), message("waiting"));
			send(host.connection(), message("sentBack").put("participant", guest.id()));
			send(host.connection(), message("waiting").put("participant", guest.id()));
		}
	}

	private void lock(LiveRoom room, Participant host, boolean locked) {
		store.lock(room.org(), room.id(), locked);
		room.locked = locked;
		send(host.connection(), message(locked ? "locked" : "unlocked"));
	}

	private void end(LiveRoom room, Participant host) {
		Room stored = store.find(room.org(), room.id()).orElseThrow();
		work.inTransaction(room.org(), () -> {
			store.close(room.org(), room.id(), "ENDED");
			audit.record(event(host.actor(), stored, AuditAction.ROOM_END).build());
		});
		room.ended = true;
		for (Participant participant : room.all()) {
			send(participant.connection(), message("ended"));
			depart(participant, "ENDED", false);
			closeQuietly(participant.connection());
		}
		presence.forget(room);
	}

	private void relay(WebSocketSession session, LiveRoom room, Participant me, String type, JsonNode msg) {
		List<String> fields = RELAYED.get(type);
		if (fields == null) {
			refuse(me.actor(), room.id(), me, "UNKNOWN_MESSAGE");
			send(session, refused("unknown-message"));
			return;
		}
		if (!me.admitted()) {
			send(session, refused("not-admitted"));
			return;
		}
		Optional<Participant> other = room.otherAdmitted(me);
		if (other.isEmpty()) {
			send(session, refused("nobody-to-reach"));
			return;
		}
		ObjectNode out = message(type).put("from", me.id());
		for (String field : fields) {
			JsonNode value = msg.get(field);
			if (value == null || value.isNull()) {
				continue;
			}
			if (!value.isString() && !value.isNumber()) {
				send(session, refused("bad-message"));
				return;
			}
			if ((type.equals("publicKey") || type.equals("wrappedKey")) && value.isString()
					&& !KEY_MATERIAL.matcher(value.asString()).matches()) {
				send(session, refused("bad-message"));
				return;
			}
			out.set(field, value);
		}
		String payload = out.toString();
		relayed.ifAvailable(capture -> capture.relayed(payload));
		sendRaw(other.get().connection(), payload);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		Participant me = (Participant) session.getAttributes().get(PARTICIPANT);
		if (me != null) {
			depart(me, "DISCONNECTED", true);
		}
	}

	/** A participant leaves (once): presence written, audited, the other side told. */
	private void depart(Participant me, String how, boolean tellOthers) {
		UUID roomId = (UUID) me.connection().getAttributes().get(ROOM);
		LiveRoom room = presence.existing(roomId);
		if (room == null || !room.remove(me)) {
			return;
		}
		Actor actor = me.actor();
		try {
			work.inTransaction(actor.org(), () -> {
				store.left(actor.org(), roomId, me.presence(), how);
				audit.record(AuditEntry.of(actor.ref(), AuditAction.ROOM_LEAVE, Purpose.TREATMENT)
					.org(actor.org())
					.resource("TelehealthRoom", roomId.toString())
					.detail("how", how)
					.build());
			});
		}
		catch (RuntimeException ex) {
			log.warn("could not record leaving a room: {}", ex.getClass().getSimpleName());
		}
		if (tellOthers) {
			for (Participant other : room.all()) {
				send(other.connection(), message("left").put("participant", me.id()));
			}
		}
		if (!room.occupied()) {
			presence.forget(room);
		}
	}

	private void refuse(Actor actor, UUID room, Participant me, String reason) {
		audit.recordRefusal(AuditEntry.of(actor.ref(), AuditAction.ROOM_JOIN, Purpose.TREATMENT)
			.org(actor.org())
			.resource("TelehealthRoom", room.toString())
			.detail("reason", reason)
			.outcome(AuditOutcome.DENIED)
			.build());
	}

	private static AuditEntry.Builder event(Actor actor, Room room, AuditAction action) {
		return AuditEntry.of(actor.ref(), action, Purpose.TREATMENT)
			.org(actor.org())
			.client(room.client())
			.resource("TelehealthRoom", room.id().toString());
	}

	private tools.jackson.databind.node.ArrayNode iceServers() {
		tools.jackson.databind.node.ArrayNode servers = JSON.createArrayNode();
		for (String url : settings.iceServers()) {
			servers.addObject().put("urls", url);
		}
		return servers;
	}

	private static ObjectNode message(String type) {
		return JSON.createObjectNode().put("type", type);
	}

	private static ObjectNode refused(String reason) {
		return message("refused").put("reason", reason);
	}

	private void send(WebSocketSession session, ObjectNode message) {
		String payload = message.toString();
		relayed.ifAvailable(capture -> capture.relayed(payload));
		sendRaw(session, payload);
	}

	private static void sendRaw(WebSocketSession session, String payload) {
		try {
			if (session.isOpen()) {
				session.sendMessage(new TextMessage(payload));
			}
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("a signaling message could not be delivered: {}", ex.getClass().getSimpleName());
		}
	}

	private static void closeQuietly(WebSocketSession session) {
		try {
			session.close(CloseStatus.NORMAL);
		}
		catch (IOException ex) {
			log.debug("closing a signaling connection failed: {}", ex.getClass().getSimpleName());
		}
	}

	private static JsonNode parse(String payload) {
		try {
			JsonNode json = JSON.readTree(payload);
			return json != null && json.isObject() ? json : JSON.createObjectNode();
		}
		catch (RuntimeException ex) {
			return JSON.createObjectNode();
		}
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		return value == null || !value.isString() ? null : value.asString();
	}

}
