package health.haven.telehealth.internal;

import health.haven.shared.OrgId;
import health.haven.telehealth.Room;
import health.haven.telehealth.Seat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is connected to which room right now, on this node: the live rooms the signaling works on, and the
 * organizations whose rooms the idle sweep looks at. (One node; several nodes would share this through PostgreSQL
 * LISTEN/NOTIFY, DESIGN.md section 3.)
 */
@org.springframework.stereotype.Component
public class Presence {

	private final Map<UUID, LiveRoom> rooms = new ConcurrentHashMap<>();

	private final Set<OrgId> organizations = ConcurrentHashMap.newKeySet();

	LiveRoom live(Room room, LiveRoom.Media media) {
		organizations.add(room.org());
		return rooms.computeIfAbsent(room.id(), id -> new LiveRoom(room, media));
	}

	/** The media server's handle of a live room (a Janus room number), if it has one: for tests and operators. */
	public java.util.Optional<Object> mediaRoom(UUID room) {
		LiveRoom live = rooms.get(room);
		return live == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(live.mediaRoom);
	}

	/** How many rooms have somebody connected on this node (the signaling benchmark checks it returns to 0). */
	public int liveRooms() {
		return rooms.size();
	}

	java.util.List<LiveRoom> all() {
		return java.util.List.copyOf(rooms.values());
	}

	LiveRoom existing(UUID room) {
		return rooms.get(room);
	}

	void forget(LiveRoom room) {
		rooms.remove(room.id(), room);
	}

	public void opened(OrgId org) {
		organizations.add(org);
	}

	Set<OrgId> organizations() {
		return Set.copyOf(organizations);
	}

	public boolean occupied(UUID room) {
		LiveRoom live = rooms.get(room);
		return live != null && live.occupied();
	}

	public boolean hostPresent(UUID room) {
		LiveRoom live = rooms.get(room);
		return live != null && live.present(Seat.HOST);
	}

	public boolean guestPresent(UUID room) {
		LiveRoom live = rooms.get(room);
		return live != null && live.present(Seat.GUEST);
	}

}
