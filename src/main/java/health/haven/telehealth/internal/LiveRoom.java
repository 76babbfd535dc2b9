package health.haven.telehealth.internal;

import health.haven.shared.OrgId;
import health.haven.telehealth.Seat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A room with people connected to it: its participants by connection id. Guarded by its own monitor. */
final class LiveRoom {

	private final UUID id;

	private final OrgId org;

	private final Map<String, Participant> participants = new LinkedHashMap<>();

	boolean locked;

	boolean ended;

	LiveRoom(UUID id, OrgId org) {
		this.id = id;
		this.org = org;
	}

	UUID id() {
		return id;
	}

	OrgId org() {
		return org;
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

	/** The other admitted participant: in a 1:1 room, at most one. */
	synchronized Optional<Participant> otherAdmitted(Participant me) {
		return participants.values().stream().filter(p -> p != me && p.admitted()).findFirst();
	}

	synchronized Optional<Participant> host() {
		return participants.values().stream().filter(p -> p.seat() == Seat.HOST).findFirst();
	}

	synchronized boolean occupied() {
		return !participants.isEmpty();
	}

	synchronized boolean present(Seat seat) {
		return participants.values().stream().anyMatch(p -> p.seat() == seat);
	}

}
