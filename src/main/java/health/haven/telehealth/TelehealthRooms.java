package health.haven.telehealth;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecision;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.telehealth.internal.Presence;
import health.haven.telehealth.internal.RoomStore;
import health.haven.telehealth.internal.TelehealthSettings;
import java.time.Instant;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Rooms: opening one for a client, deciding who may sit in it, and listing a person's open rooms.
 *
 * <p>Every room is opened by {@link #create}, the one place that writes a room; a clinician's "open a room now" goes
 * through {@link #open}, and scheduled sessions will go through a method of their own that calls it too.
 */
@Service
public class TelehealthRooms {

	static final String RESOURCE = "TelehealthRoom";

	private final RoomStore store;

	private final AccessDecisions decisions;

	private final CareTeams careTeams;

	private final AuditTrail audit;

	private final Presence presence;

	private final TelehealthSettings settings;

	TelehealthRooms(RoomStore store, AccessDecisions decisions, CareTeams careTeams, AuditTrail audit,
			Presence presence, TelehealthSettings settings) {
		this.settings = settings;
		this.store = store;
		this.decisions = decisions;
		this.careTeams = careTeams;
		this.audit = audit;
		this.presence = presence;
	}

	/**
	 * A clinician (or program director) opens an individual room for a client of their care: decided and audited as a
	 * change to the client's treatment; staff outside the client's care get "not found", other roles "forbidden".
	 */
	public UUID open(Actor clinician, ClientId client) {
		if (!clinician.isStaff()) {
			throw new HavenException("STAFF_ONLY", Kind.FORBIDDEN, "this is for staff");
		}
		UUID room = UUID.randomUUID();
		decisions.enforce(clinician, clinician.org(), client, DataCategory.GENERAL, Purpose.TREATMENT,
				AuditAction.CREATE, RESOURCE, room.toString());
		if (!clinician.has(Role.CLINICIAN) && !clinician.has(Role.PROGRAM_DIRECTOR)) {
			throw new HavenException("TELEHEALTH_CLINICIANS_ONLY", Kind.FORBIDDEN,
					"only the client's clinicians open a session room");
		}
		create(room, clinician.org(), client, clinician.user(), clinician.user(), Optional.empty());
		return room;
	}

	/** The one place a room is written. {@code session} is the scheduled session it belongs to, if any. */
	private void create(UUID room, OrgId org, ClientId client, UserId host, UserId openedBy, Optional<UUID> session) {
		store.insert(room, org, client, host, openedBy, session);
		presence.opened(org);
	}

	/**
	 * The seat a person has in a room, decided now: the host while they are still in the client's care, the client
	 * through their own portal account; anyone else (and any room that does not exist or is closed) is refused as "not
	 * found", and the refusal is audited. A permitted seat is not audited here: the caller audits the join.
	 */
	public Seat seat(Actor actor, UUID roomId) {
		Optional<Room> found = store.find(actor.org(), roomId).filter(Room::open).filter(this::stillOpen);
		if (found.isEmpty()) {
			throw refuse(actor, roomId, null, "NOT_FOUND");
		}
		Room room = found.get();
		if (actor.user().equals(room.host())) {
			AccessDecision decision = decisions.decide(actor, room.org(), room.client(), DataCategory.GENERAL,
					Purpose.TREATMENT);
			if (decision instanceof AccessDecision.Permit) {
				return Seat.HOST;
			}
			throw refuse(actor, roomId, room.client(), "HOST_NO_LONGER_IN_CARE");
		}
		if (actor.has(Role.CLIENT) && careTeams.relationship(actor.org(), actor.user(), room.client()) == Relationship.SELF) {
			return Seat.GUEST;
		}
		throw refuse(actor, roomId, room.client(), "NOT_INVITED");
	}

	/** The room, for someone who has a seat in it (see {@link #seat}). */
	public Room room(Actor actor, UUID roomId) {
		seat(actor, roomId);
		return store.find(actor.org(), roomId).orElseThrow();
	}

	/**
	 * The open rooms a person has a seat in: as a client, those opened for them (each decided and audited as the
	 * client's own request); as staff, those they host.
	 */
	public List<OpenRoom> openRoomsFor(Actor actor) {
		List<OpenRoom> rooms = new java.util.ArrayList<>();
		if (actor.has(Role.CLIENT)) {
			for (ClientId self : careTeams.clientsOf(actor.org(), actor.user())) {
				if (careTeams.relationship(actor.org(), actor.user(), self) != Relationship.SELF) {
					continue;
				}
				List<Room> open = store.openForClient(actor.org(), self);
				if (open.isEmpty()) {
					continue;
				}
				decisions.enforce(actor, actor.org(), self, DataCategory.GENERAL, Purpose.PATIENT_REQUEST,
						AuditAction.READ, RESOURCE, open.get(0).id().toString());
				for (Room room : open) {
					rooms.add(new OpenRoom(room.id(), Seat.GUEST, self.toString(), room.openedAt(),
							presence.hostPresent(room.id())));
				}
			}
		}
		if (actor.isStaff()) {
			for (Room room : store.openForHost(actor.org(), actor.user())) {
				rooms.add(new OpenRoom(room.id(), Seat.HOST, room.client().toString(), room.openedAt(),
						presence.guestPresent(room.id())));
			}
		}
		rooms.sort(Comparator.comparing(OpenRoom::openedAt).reversed());
		return rooms;
	}

	/** Closes rooms nobody has been in for {@code idle} (those with somebody connected stay open). */
	public int closeIdle(OrgId org, Duration idle) {
		return store.closeIdle(org, idle, presence::occupied);
	}

	/** An open room nobody has been in for the idle time is closed now, whether or not the sweep got to it. */
	private boolean stillOpen(Room room) {
		if (presence.occupied(room.id())
				|| room.lastActivityAt().isAfter(Instant.now().minus(settings.idleClose()))) {
			return true;
		}
		store.close(room.org(), room.id(), "IDLE");
		return false;
	}

	private HavenException refuse(Actor actor, UUID room, ClientId client, String reason) {
		AuditEntry.Builder entry = AuditEntry.of(actor.ref(), AuditAction.ROOM_JOIN, Purpose.TREATMENT)
			.org(actor.org())
			.resource(RESOURCE, room.toString())
			.detail("reason", reason)
			.outcome(AuditOutcome.DENIED);
		if (client != null) {
			entry.client(client);
		}
		audit.recordRefusal(entry.build());
		return new HavenException("TELEHEALTH_ROOM_NOT_FOUND", Kind.NOT_FOUND, "no such room");
	}

}
