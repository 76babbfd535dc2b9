package health.haven.telehealth.internal;

import health.haven.shared.OrgId;
import health.haven.telehealth.Room;
import health.haven.telehealth.RoomKind;
import health.haven.telehealth.Seat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A room with people connected to it: its participants by connection id, in the order they joined. Guarded by its
 * own monitor.
 */
final class LiveRoom {

	/** How the media of a room flows. */
	enum Media {

		/** Two browsers, peer to peer (an individual room). */
		P2P,
		/** Every pair of admitted browsers peer to peer: a group without a media server, at most {@link #MESH_LIMIT}. */
		MESH,
		/** Through the Janus media server (a group). */
		JANUS

	}

	/** The most people a peer-to-peer mesh carries (each browser sends its video to every other). */
	static final int MESH_LIMIT = 4;

	private final UUID id;

	private final OrgId org;

	private final RoomKind kind;

	private final Media media;

	private final Map<String, Participant> participants = new LinkedHashMap<>();

	boolean locked;

	boolean ended;

	/** The media server's handle of this room, when it has one. */
	volatile Object mediaRoom;

	/** Which of Haven's Janus servers {@link #mediaRoom} was made on ({@code JanusServer.generation()}). */
	volatile long mediaGeneration;

	private final Room stored;

	LiveRoom(Room stored, Media media) {
		this.id = stored.id();
		this.org = stored.org();
		this.kind = stored.kind();
		this.stored = stored;
		this.media = media;
	}

	/** The room as it was when the first person connected (its id, kind, host, client and session do not change). */
	Room stored() {
		return stored;
	}

	UUID id() {
		return id;
	}

	OrgId org() {
		return org;
	}

	RoomKind kind() {
		return kind;
	}

	boolean group() {
		return kind == RoomKind.GROUP;
	}

	Media media() {
		return media;
	}

	synchronized void add(Participant participant) {
		participants.put(participant.id(), participant);
	}

	synchronized boolean remove(Participant participant) {
		return participants.remove(participant.id(), participant);
	}

	synchronized Optional<Participant> get(String id) {
		return Optional.ofNullable(participants.get(id));
	}

	synchronized List<Participant> all() {
		return new ArrayList<>(participants.values());
	}

	synchronized boolean contains(Participant participant) {
		return participants.get(participant.id()) == participant;
	}

	/** The admitted participants other than {@code me}. */
	synchronized List<Participant> otherAdmitted(Participant me) {
		return participants.values().stream().filter(p -> p != me && p.admitted()).toList();
	}

	synchronized int admittedCount() {
		return (int) participants.values().stream().filter(Participant::admitted).count();
	}

	/** The hosts connected now, in the order they joined. */
	synchronized List<Participant> hosts() {
		return participants.values().stream().filter(p -> p.seat() == Seat.HOST).toList();
	}

	/**
	 * Who makes and hands out the media key: the host who joined first among those connected. When they leave, the
	 * next host takes over (and makes a new key).
	 */
	synchronized Optional<Participant> leader() {
		return participants.values().stream().filter(p -> p.seat() == Seat.HOST && p.admitted()).findFirst();
	}

	synchronized boolean occupied() {
		return !participants.isEmpty();
	}

	synchronized boolean present(Seat seat) {
		return participants.values().stream().anyMatch(p -> p.seat() == seat);
	}

}
