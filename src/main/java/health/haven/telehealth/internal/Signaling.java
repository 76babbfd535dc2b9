package health.haven.telehealth.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.consent.JoinCheck;
import health.haven.crypto.TurnCredentials;
import health.haven.consent.JoinGate;
import health.haven.consent.JoinGates;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.shared.HavenException;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import health.haven.telehealth.Room;
import health.haven.telehealth.Seat;
import health.haven.telehealth.Seated;
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
 * Signaling for rooms over one WebSocket per participant: individual rooms (two browsers peer to peer) and group
 * rooms (through the media server, or a peer-to-peer mesh of up to {@link LiveRoom#MESH_LIMIT}). The handshake already
 * decided the person may sit in the room ({@link SignalingHandshake}); joining decides it again with the join gates
 * of a client (consent, group agreement, location, private space: unmet, the join is refused; the facilitator not
 * licensed in the client's state: the client waits but cannot be admitted and staff are told why); every later message
 * checks the room is still open and the person still connected as that participant. Refusals are answered by the
 * server and audited, and only an allow-listed set of fields is relayed between admitted participants, each to the
 * participant it names ({@code to}) or to every other admitted one: SDP, ICE candidates, public keys, wrapped keys and
 * encrypted chat. The server never sees a media key; it never logs a payload.
 */
public class Signaling extends TextWebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(Signaling.class);

	static final String ACTOR = "haven.actor";

	static final String ROOM = "haven.room";

	static final String PARTICIPANT = "haven.participant";

	static final String HTTP_SESSION = "haven.http-session";

	static final String SEATED = "haven.seated";

	static final int MAX_MESSAGE = 64 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** What is relayed, by message type: the fields copied, nothing else. */
	private static final java.util.Map<String, List<String>> RELAYED = java.util.Map.of("offer", List.of("sdp"),
			"answer", List.of("sdp"), "ice", List.of("candidate", "sdpMid", "sdpMLineIndex"), "publicKey",
			List.of("key"), "wrappedKey", List.of("wrapped", "salt", "keyId"), "chat",
			List.of("ciphertext", "iv", "keyId"));

	/** Relayed types that must name the one participant they are for. */
	private static final Set<String> ADDRESSED = Set.of("wrappedKey");

	private static final Set<String> HOST_ONLY = Set.of("admit", "admitAll", "remove", "sendBack", "askMute", "lock",
			"unlock", "end");

	/** Base64 (standard or URL-safe) of a public key, a wrapped key or a salt. */
	private static final Pattern KEY_MATERIAL = Pattern.compile("[A-Za-z0-9+/_=-]{1,256}");

	/** Base64 of an encrypted chat message (AES-GCM in the browsers; the server cannot read it). */
	private static final Pattern CIPHERTEXT = Pattern.compile("[A-Za-z0-9+/_=-]{1,16384}");

	private final TelehealthRooms rooms;

	private final RoomStore store;

	private final Presence presence;

	private final AuditTrail audit;

	private final TenantWork work;

	private final TelehealthSettings settings;

	private final ObjectProvider<RelayedMessages> relayed;

	private final JoinGates gates;

	private final Accounts accounts;

	private final GroupMedia media;

	private final MediaCalls mediaCalls;

	Signaling(TelehealthRooms rooms, RoomStore store, Presence presence, AuditTrail audit, TenantWork work,
			TelehealthSettings settings, ObjectProvider<RelayedMessages> relayed, JoinGates gates, Accounts accounts,
			GroupMedia media, MediaCalls mediaCalls) {
		this.rooms = rooms;
		this.mediaCalls = mediaCalls;
		this.store = store;
		this.presence = presence;
		this.audit = audit;
		this.work = work;
		this.settings = settings;
		this.relayed = relayed;
		this.gates = gates;
		this.accounts = accounts;
		this.media = media;
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
			send(outbound(session), refused("bad-message"));
			return;
		}
		Participant me = (Participant) session.getAttributes().get(PARTICIPANT);
		if (type.toLowerCase(Locale.ROOT).contains("record")) {
			refuse(actor, roomId, me, "RECORDING_NOT_OFFERED");
			send(outbound(session), refused("recording-not-offered"));
			return;
		}
		if (type.equals("join")) {
			// The seat was decided by the handshake a moment ago (audited there); a second join decides it anew.
			Seated seated = (Seated) session.getAttributes().remove(SEATED);
			if (seated == null) {
				try {
					seated = rooms.seated(actor, roomId);
				}
				catch (HavenException ex) {
					notSeated(session, me);
					return;
				}
			}
			join(session, actor, seated);
			return;
		}
		LiveRoom room = presence.existing(roomId);
		if (me == null || room == null || !room.contains(me)) {
			send(outbound(session), refused("not-joined"));
			return;
		}
		// Decided again on every message, from what the server holds: an ended room, or the host of a room opened
		// for a client no longer in that client's care, is refused.
		if (room.ended || !rooms.stillSeated(actor, room.stored())) {
			refuse(actor, roomId, me, "NOT_FOUND");
			notSeated(session, me);
			return;
		}
		if (HOST_ONLY.contains(type) && me.seat() != Seat.HOST) {
			refuse(actor, roomId, me, "HOST_ONLY");
			send(outbound(session), refused("not-allowed"));
			return;
		}
		switch (type) {
			case "admit" -> admit(room, me, text(msg, "participant"));
			case "admitAll" -> {
				for (Participant waiting : room.all()) {
					if (!waiting.admitted() && waiting.blocked().isEmpty()) {
						admit(room, me, waiting.id());
					}
				}
			}
			case "remove" -> removeOrSendBack(room, me, text(msg, "participant"), true);
			case "sendBack" -> removeOrSendBack(room, me, text(msg, "participant"), false);
			case "askMute" -> askMute(room, me, text(msg, "participant"));
			case "lock", "unlock" -> lock(room, me, type.equals("lock"));
			case "end" -> end(room, me);
			case "media" -> {
				if (room.media() != LiveRoom.Media.JANUS || !me.admitted()) {
					send(outbound(session), refused("not-admitted"));
				}
				else {
					me.mediaWork(() -> media.request(room, me, msg, reply -> send(me.connection(), reply)));
				}
			}
			case "leave" -> {
				depart(me, "LEFT", true);
				session.close(CloseStatus.NORMAL);
			}
			default -> relay(session, room, me, type, msg);
		}
	}

	/**
	 * Ends the connections of everyone whose signed-in session has ended (signed out, revoked, timed out): they leave
	 * the room as disconnected, and the others are told. Returns how many were ended.
	 */
	int endSignedOut(java.util.function.Function<java.util.Collection<String>, Set<String>> alive) {
		java.util.Map<String, List<Participant>> bySession = new java.util.HashMap<>();
		for (LiveRoom room : presence.all()) {
			for (Participant participant : room.all()) {
				Object session = participant.connection().getAttributes().get(HTTP_SESSION);
				if (session instanceof String id) {
					bySession.computeIfAbsent(id, key -> new java.util.ArrayList<>()).add(participant);
				}
			}
		}
		if (bySession.isEmpty()) {
			return 0;
		}
		Set<String> signedIn = alive.apply(bySession.keySet());
		int ended = 0;
		for (java.util.Map.Entry<String, List<Participant>> entry : bySession.entrySet()) {
			if (signedIn.contains(entry.getKey())) {
				continue;
			}
			for (Participant participant : entry.getValue()) {
				send(participant.connection(), message("signedOut"));
				depart(participant, "DISCONNECTED", true);
				closeQuietly(participant.connection());
				ended++;
			}
		}
		return ended;
	}

	/**
	 * Where to send to this connection: once joined, through the participant's decorated connection, which other
	 * threads (relays, the media server's answers) also send through, so that two sends never overlap on the socket.
	 */
	private static WebSocketSession outbound(WebSocketSession session) {
		Participant me = (Participant) session.getAttributes().get(PARTICIPANT);
		return me != null ? me.connection() : session;
	}

	private void notSeated(WebSocketSession session, Participant me) throws IOException {
		send(outbound(session), refused("not-found"));
		if (me != null) {
			depart(me, "DISCONNECTED", true);
		}
		session.close(CloseStatus.POLICY_VIOLATION);
	}

	private void join(WebSocketSession session, Actor actor, Seated seated) throws IOException {
		if (session.getAttributes().get(PARTICIPANT) != null) {
			send(outbound(session), refused("already-joined"));
			return;
		}
		Room stored = seated.room();
		Seat seat = seated.seat();
		LiveRoom room = presence.live(stored,
				!stored.group() ? LiveRoom.Media.P2P : media.available() ? LiveRoom.Media.JANUS : LiveRoom.Media.MESH);
		room.locked = stored.locked();
		if (seat == Seat.GUEST && stored.locked()) {
			refuse(actor, stored.id(), null, "LOCKED");
			send(outbound(session), refused("locked"));
			session.close(CloseStatus.POLICY_VIOLATION);
			return;
		}
		List<JoinCheck.Unmet> blocked = List.of();
		if (seat == Seat.GUEST) {
			// The join gates, checked by the server as the client connects (and audited by JoinGates).
			JoinCheck check = audit.readingTogether(() -> gates.checkLatest(actor, seated.client().orElseThrow(),
					stored.gateSession(), stored.group(), stored.host()));
			List<JoinCheck.Unmet> clientMustAct = check.unmet().stream()
				.filter(unmet -> unmet.gate() != JoinGate.FACILITATOR_NOT_LICENSED_IN_STATE)
				.toList();
			if (!clientMustAct.isEmpty()) {
				ObjectNode refusal = refused("gates");
				clientMustAct.forEach(unmet -> refusal.withArray("gates").add(unmet.code()));
				send(outbound(session), refusal);
				session.close(CloseStatus.POLICY_VIOLATION);
				return;
			}
			blocked = check.unmet();
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
		String name = work.inTransaction(actor.org(), () -> {
			store.arrived(actor.org(), stored.id(), actor.user(), seat, seated.client().orElse(null), presenceId);
			audit.record(event(actor, stored, AuditAction.ROOM_JOIN).detail("seat", seat.name()).build());
			if (seat == Seat.HOST) {
				store.admitted(actor.org(), presenceId);
			}
			if (!stored.group()) {
				return "";
			}
			return settings.groupNames()
				.shown(accounts.displayNames(actor.org(), List.of(actor.user())).get(actor.user()));
		});
		Participant me = new Participant(out, actor, seat, presenceId, seated.client(), name, blocked,
				mediaCalls);
		session.getAttributes().put(PARTICIPANT, me);
		room.add(me);
		if (!session.isOpen()) {
			// Closed while the join was decided: afterConnectionClosed found no participant, so leave here.
			depart(me, "DISCONNECTED", true);
			return;
		}
		ObjectNode joined = message("joined").put("participant", me.id())
			.put("seat", seat.name())
			.put("locked", room.locked)
			.put("group", room.group())
			.put("media", room.media().name().toLowerCase(Locale.ROOT))
			.put("name", name);
		joined.set("iceServers", iceServers(me));
		if (seat == Seat.HOST) {
			synchronized (room) {
				// Admitted and the others' keys read at once: a public key relayed meanwhile reaches this host
				// either in this list or as a relay (see relay).
				me.admitted(true);
				joined.set("peers", peers(room, me));
			}
			putLeader(joined, room);
			// The others hear of the host before anything the host's page sends in answer to "joined" can reach them.
			arrived(room, me);
			send(out, joined);
			for (Participant waiting : room.all()) {
				if (!waiting.admitted()) {
					send(out, waiting(waiting));
				}
			}
			if (room.media() == LiveRoom.Media.JANUS) {
				me.mediaWork(() -> media.admitted(room, me, reply -> send(me.connection(), reply)));
			}
		}
		else {
			send(out, joined);
			send(out, message("waiting"));
			for (Participant host : room.hosts()) {
				send(host.connection(), waiting(me));
			}
		}
	}

	/** A waiting guest as hosts see them: their short name in a group, and why they cannot be admitted, if so. */
	private static ObjectNode waiting(Participant guest) {
		ObjectNode waiting = message("waiting").put("participant", guest.id()).put("name", guest.name());
		for (JoinCheck.Unmet unmet : guest.blocked()) {
			waiting.withArray("blocked").addObject().put("code", unmet.code()).put("reason", unmet.reason());
		}
		return waiting;
	}

	/** The admitted participants other than {@code me}: id, short name, seat and public key (when sent). */
	private static tools.jackson.databind.node.ArrayNode peers(LiveRoom room, Participant me) {
		tools.jackson.databind.node.ArrayNode peers = JSON.createArrayNode();
		for (Participant other : room.otherAdmitted(me)) {
			ObjectNode peer = peers.addObject().put("participant", other.id()).put("name", other.name())
				.put("seat", other.seat().name());
			if (other.publicKey() != null) {
				peer.put("key", other.publicKey());
			}
		}
		return peers;
	}

	private static void putLeader(ObjectNode message, LiveRoom room) {
		room.leader().ifPresent(leader -> message.put("leader", leader.id()));
	}

	/** Tells the other admitted participants that {@code me} is in, and everyone who leads the keys now. */
	private void arrived(LiveRoom room, Participant me) {
		for (Participant other : room.otherAdmitted(me)) {
			ObjectNode arrived = message("arrived").put("participant", me.id()).put("name", me.name())
				.put("seat", me.seat().name());
			putLeader(arrived, room);
			send(other.connection(), arrived);
		}
	}

	private void admit(LiveRoom room, Participant host, String participant) {
		Optional<Participant> guest = participant == null ? Optional.empty() : room.get(participant);
		if (guest.isEmpty() || guest.get().admitted()) {
			send(host.connection(), refused("no-such-participant"));
			return;
		}
		Participant admitted = guest.get();
		Room stored = room.stored();
		if (!admitted.blocked().isEmpty()) {
			// Staff are told why; the server refuses whatever the page shows.
			audit.recordRefusal(event(host.actor(), stored, AuditAction.ROOM_ADMIT)
				.detail("subject", admitted.actor().user().toString())
				.detail("reason", admitted.blocked().stream().map(JoinCheck.Unmet::code)
					.collect(java.util.stream.Collectors.joining("+")))
				.outcome(AuditOutcome.DENIED)
				.build());
			ObjectNode refusal = refused("gates").put("participant", admitted.id());
			admitted.blocked().forEach(unmet -> refusal.withArray("gates").add(unmet.code()));
			send(host.connection(), refusal);
			return;
		}
		if (room.media() == LiveRoom.Media.MESH && room.admittedCount() >= LiveRoom.MESH_LIMIT) {
			send(host.connection(), refused("group-too-large").put("participant", admitted.id()));
			return;
		}
		work.inTransaction(room.org(), () -> {
			store.admitted(room.org(), admitted.presence());
			audit.record(event(host.actor(), stored, AuditAction.ROOM_ADMIT)
				.detail("subject", admitted.actor().user().toString())
				.build());
		});
		ObjectNode toGuest = message("admitted").put("participant", admitted.id());
		synchronized (room) {
			admitted.admitted(true);
			toGuest.set("peers", peers(room, admitted));
		}
		toGuest.set("iceServers", iceServers(admitted));
		putLeader(toGuest, room);
		// The others hear of the newcomer before the newcomer's page can answer "admitted" (its public key, offers).
		arrived(room, admitted);
		send(admitted.connection(), toGuest);
		if (room.media() == LiveRoom.Media.JANUS) {
			// The media server's calls run off this connection's thread (its next messages wait for nobody).
			admitted.mediaWork(() -> media.admitted(room, admitted, reply -> send(admitted.connection(), reply)));
		}
	}

	private void askMute(LiveRoom room, Participant host, String participant) {
		Optional<Participant> target = participant == null ? Optional.empty() : room.get(participant);
		if (target.isEmpty() || !target.get().admitted()) {
			send(host.connection(), refused("no-such-participant"));
			return;
		}
		send(target.get().connection(), message("muteRequest"));
	}

	private void removeOrSendBack(LiveRoom room, Participant host, String participant, boolean remove) {
		Optional<Participant> target = participant == null ? Optional.empty() : room.get(participant);
		if (target.isEmpty() || target.get() == host) {
			send(host.connection(), refused("no-such-participant"));
			return;
		}
		Participant guest = target.get();
		Room stored = room.stored();
		work.inTransaction(room.org(), () -> audit.record(event(host.actor(), stored, AuditAction.ROOM_REMOVE)
			.detail("subject", guest.actor().user().toString())
			.detail("how", remove ? "REMOVED" : "SENT_BACK")
			.build()));
		if (remove) {
			send(guest.connection(), message("removed"));
			depart(guest, "REMOVED", true);
			closeQuietly(guest.connection());
		}
		else {
			boolean wasAdmitted = guest.admitted();
			guest.admitted(false);
			if (room.media() == LiveRoom.Media.JANUS) {
				guest.mediaWork(() -> media.departed(room, guest));
			}
			// The admitted stay ends; a new one (waiting) begins, so attendance counts only time in the room.
			UUID again = UUID.randomUUID();
			work.inTransaction(room.org(), () -> {
				store.left(room.org(), room.id(), guest.presence(), "SENT_BACK");
				store.arrived(room.org(), room.id(), guest.actor().user(), Seat.GUEST, guest.client().orElse(null),
						again);
			});
			guest.presence(again);
			send(guest.connection(), message("waiting"));
			for (Participant other : room.all()) {
				if (other != guest && other.admitted() && wasAdmitted) {
					ObjectNode left = message("left").put("participant", guest.id()).put("how", "SENT_BACK");
					putLeader(left, room);
					send(other.connection(), left);
				}
			}
			for (Participant other : room.hosts()) {
				send(other.connection(), waiting(guest));
			}
		}
	}

	private void lock(LiveRoom room, Participant host, boolean locked) {
		store.lock(room.org(), room.id(), locked);
		room.locked = locked;
		send(host.connection(), message(locked ? "locked" : "unlocked"));
	}

	private void end(LiveRoom room, Participant host) {
		Room stored = room.stored();
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
		host.mediaWork(() -> media.closed(room));
	}

	private void relay(WebSocketSession session, LiveRoom room, Participant me, String type, JsonNode msg) {
		List<String> fields = RELAYED.get(type);
		if (fields == null) {
			refuse(me.actor(), room.id(), me, "UNKNOWN_MESSAGE");
			send(outbound(session), refused("unknown-message"));
			return;
		}
		if (!me.admitted()) {
			send(outbound(session), refused("not-admitted"));
			return;
		}
		String to = text(msg, "to");
		if (to == null
				&& (ADDRESSED.contains(type) || (room.group() && !type.equals("publicKey") && !type.equals("chat")))) {
			send(outbound(session), refused("bad-message"));
			return;
		}
		ObjectNode out = message(type).put("from", me.id());
		for (String field : fields) {
			JsonNode value = msg.get(field);
			if (value == null || value.isNull()) {
				continue;
			}
			if (!value.isString() && !value.isNumber()) {
				send(outbound(session), refused("bad-message"));
				return;
			}
			Pattern shape = type.equals("chat") && !field.equals("keyId") ? CIPHERTEXT
					: type.equals("publicKey") || type.equals("wrappedKey") ? KEY_MATERIAL : null;
			if (shape != null && value.isString() && !shape.matcher(value.asString()).matches()) {
				send(outbound(session), refused("bad-message"));
				return;
			}
			out.set(field, value);
		}
		List<Participant> targets;
		synchronized (room) {
			// A public key is kept and its recipients chosen at once, so that someone admitted at the same moment gets
			// it either in their "admitted" list of peers or as this relay, never neither.
			if (type.equals("publicKey")) {
				me.publicKey(text(msg, "key"));
			}
			targets = to != null
					? room.get(to).filter(other -> other != me && other.admitted()).map(List::of).orElse(List.of())
					: room.otherAdmitted(me);
		}
		if (targets.isEmpty()) {
			if (to != null || !type.equals("publicKey")) {
				send(outbound(session), refused("nobody-to-reach"));
			}
			return;
		}
		String payload = out.toString();
		relayed.ifAvailable(capture -> capture.relayed(payload));
		for (Participant target : targets) {
			sendRaw(target.connection(), payload);
		}
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
		if (room.media() == LiveRoom.Media.JANUS) {
			me.mediaWork(() -> media.departed(room, me));
		}
		if (tellOthers) {
			for (Participant other : room.all()) {
				ObjectNode left = message("left").put("participant", me.id()).put("how", how);
				putLeader(left, room);
				send(other.connection(), left);
			}
		}
		if (!room.occupied()) {
			presence.forget(room);
			me.mediaWork(() -> media.closed(room));
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
		AuditEntry.Builder entry = AuditEntry.of(actor.ref(), action, Purpose.TREATMENT)
			.org(actor.org())
			.resource("TelehealthRoom", room.id().toString());
		if (room.client() != null) {
			entry.client(room.client());
		}
		room.session().ifPresent(session -> entry.detail("session", session.toString()));
		return entry;
	}

	/** STUN/TURN for this participant: TURN credentials are issued per connection, short-lived, naming no one. */
	private tools.jackson.databind.node.ArrayNode iceServers(Participant participant) {
		tools.jackson.databind.node.ArrayNode servers = JSON.createArrayNode();
		for (String url : settings.iceServers()) {
			servers.addObject().put("urls", url);
		}
		if (!settings.turnUrls().isEmpty()) {
			TurnCredentials.Credential credential = TurnCredentials.issue(settings.turnSecret(), participant.id(),
					java.time.Instant.now(), settings.turnTtl());
			ObjectNode turn = servers.addObject().put("username", credential.username())
				.put("credential", credential.password());
			settings.turnUrls().forEach(url -> turn.withArray("urls").add(url));
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
