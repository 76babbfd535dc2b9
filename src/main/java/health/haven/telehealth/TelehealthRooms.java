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
import health.haven.shared.tenancy.TenantWork;
import health.haven.telehealth.internal.Presence;
import health.haven.telehealth.internal.RoomStore;
import health.haven.telehealth.internal.TelehealthSettings;
import health.haven.scheduling.ScheduledSession;
import health.haven.scheduling.SessionEntry;
import health.haven.scheduling.SessionKind;
import health.haven.scheduling.SessionStatus;
import health.haven.scheduling.Sessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Rooms: opening one for a client or for a scheduled session, deciding who may sit in it, and listing a person's open
 * rooms and the sessions they can join now.
 *
 * <p>A clinician's "open a room now" goes through {@link #open}; the room of a scheduled session is opened by
 * {@link #forSession} when the first person with a seat arrives, from {@link #OPENS_BEFORE} before the session starts
 * until it ends. A scheduled session's seats come from the session itself: its staff (facilitator, co-facilitator or
 * clinician) host, the clients on its roster are guests (each through their own account), and nobody else, whatever
 * their role, has a seat.
 */
@Service
public class TelehealthRooms {

	static final String RESOURCE = "TelehealthRoom";

	/** A scheduled session's room opens this long before the session starts. */
	public static final Duration OPENS_BEFORE = Duration.ofMinutes(15);

	private final RoomStore store;

	private final AccessDecisions decisions;

	private final CareTeams careTeams;

	private final AuditTrail audit;

	private final Presence presence;

	private final TelehealthSettings settings;

	private final Sessions sessions;

	private final TenantWork work;

	private final Clock clock = Clock.systemUTC();

	TelehealthRooms(RoomStore store, AccessDecisions decisions, CareTeams careTeams, AuditTrail audit,
			Presence presence, TelehealthSettings settings, Sessions sessions, TenantWork work) {
		this.work = work;
		this.settings = settings;
		this.sessions = sessions;
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
		store.insert(room, clinician.org(), RoomKind.INDIVIDUAL, client, clinician.user(), clinician.user(),
				Optional.empty());
		presence.opened(clinician.org());
		return room;
	}

	/**
	 * The room of a scheduled session, for someone with a seat in it: the open one, or a new one opened now. Staff
	 * assigned to the session and the clients on its roster have a seat; anyone else is told the session does not
	 * exist (audited by {@link Sessions#find}). A cancelled session, or one more than {@link #OPENS_BEFORE} away or
	 * already over, has no room: a 409 that says when it opens.
	 */
	public UUID forSession(Actor actor, UUID sessionId) {
		// The session's read is audited; its entry is waited for once the connection is back in the pool.
		ScheduledSession session = audit.readingTogether(() -> sessions.find(actor, sessionId));
		seatIn(actor, session).orElseThrow(() -> refuse(actor, sessionId, null, "NOT_ON_ROSTER"));
		if (session.status() == SessionStatus.CANCELLED) {
			throw new HavenException("TELEHEALTH_SESSION_CANCELLED", Kind.CONFLICT, "this session was cancelled");
		}
		Instant now = clock.instant();
		if (now.isBefore(session.startsAt().minus(OPENS_BEFORE))) {
			throw new HavenException("TELEHEALTH_ROOM_NOT_OPEN_YET", Kind.CONFLICT,
					"the session room opens 15 minutes before the session starts");
		}
		if (!now.isBefore(session.endsAt())) {
			throw new HavenException("TELEHEALTH_SESSION_OVER", Kind.CONFLICT, "this session is over");
		}
		boolean group = session.kind() == SessionKind.GROUP;
		ClientId client = group || session.roster().isEmpty() ? null : session.roster().get(0);
		if (!group && client == null) {
			throw new HavenException("TELEHEALTH_SESSION_WITHOUT_CLIENT", Kind.CONFLICT,
					"this individual session has no client on it");
		}
		UUID room = store.openSessionRoom(actor.org(), sessionId, group ? RoomKind.GROUP : RoomKind.INDIVIDUAL,
				client, session.lead(), actor.user());
		presence.opened(actor.org());
		return room;
	}

	/**
	 * The person's own sessions whose room can be entered now (from {@link #OPENS_BEFORE} before the start until the
	 * end), and whether the room is open already.
	 */
	public List<JoinableSession> joinableNow(Actor actor) {
		Instant now = clock.instant();
		List<JoinableSession> joinable = new java.util.ArrayList<>();
		for (SessionEntry entry : sessions.upcoming(actor)) {
			if (entry.status() == SessionStatus.CANCELLED || now.isBefore(entry.startsAt().minus(OPENS_BEFORE))
					|| !now.isBefore(entry.endsAt())) {
				continue;
			}
			joinable.add(new JoinableSession(entry, store.openForSession(actor.org(), entry.id()).isPresent()));
		}
		return joinable;
	}

	/**
	 * The seat a person has in a room, with the room and (for a guest) the client they are. A scheduled session's
	 * room is decided by the session (see the class comment); a room opened ad hoc by {@link #open}: its host while
	 * they are still in the client's care, the client through their own account. Anyone else (and any room that does
	 * not exist or is closed) is refused as "not found", and the refusal is audited; a permitted seat is not audited
	 * here (the caller audits the join).
	 */
	public Seated seated(Actor actor, UUID roomId) {
		// One read transaction for the room, its session and roster: everyone in a group arrives at about once.
		return audit.readingTogether(() -> work.reading(actor.org(), () -> decideSeat(actor, roomId)));
	}

	private Seated decideSeat(Actor actor, UUID roomId) {
		Optional<Room> found = store.find(actor.org(), roomId).filter(Room::open).filter(this::stillOpen);
		if (found.isEmpty()) {
			throw refuse(actor, roomId, null, "NOT_FOUND");
		}
		Room room = found.get();
		if (room.session().isPresent()) {
			ScheduledSession session;
			try {
				session = sessions.find(actor, room.session().get());
			}
			catch (HavenException ex) {
				throw refuse(actor, roomId, room.client(), "NOT_ON_ROSTER");
			}
			if (session.status() == SessionStatus.CANCELLED) {
				throw refuse(actor, roomId, room.client(), "SESSION_CANCELLED");
			}
			return seatIn(actor, session).map(seat -> new Seated(room, seat.seat(), seat.client()))
				.orElseThrow(() -> refuse(actor, roomId, room.client(), "NOT_ON_ROSTER"));
		}
		if (actor.user().equals(room.host())) {
			AccessDecision decision = decisions.decide(actor, room.org(), room.client(), DataCategory.GENERAL,
					Purpose.TREATMENT);
			if (decision instanceof AccessDecision.Permit) {
				return new Seated(room, Seat.HOST, Optional.empty());
			}
			throw refuse(actor, roomId, room.client(), "HOST_NO_LONGER_IN_CARE");
		}
		if (actor.has(Role.CLIENT) && careTeams.relationship(actor.org(), actor.user(), room.client()) == Relationship.SELF) {
			return new Seated(room, Seat.GUEST, Optional.of(room.client()));
		}
		throw refuse(actor, roomId, room.client(), "NOT_INVITED");
	}

	/**
	 * Whether a person already seated may go on (asked on every signaling message, from the room as the server holds
	 * it, without a database read): a scheduled session's seats were decided as the person joined (removal ends their
	 * connection); in a room opened ad hoc, its host must still be in the client's care (a cached decision).
	 */
	public boolean stillSeated(Actor actor, Room room) {
		if (room.session().isPresent() || !actor.user().equals(room.host())) {
			return true;
		}
		return decisions.decide(actor, actor.org(), room.client(), DataCategory.GENERAL,
				Purpose.TREATMENT) instanceof AccessDecision.Permit;
	}

	/** The seat the session gives: staff assigned to it host, a client on its roster (their own account) is a guest. */
	private Optional<Seated> seatIn(Actor actor, ScheduledSession session) {
		if (actor.isStaff() && session.staff().contains(actor.user())) {
			return Optional.of(new Seated(null, Seat.HOST, Optional.empty()));
		}
		if (actor.has(Role.CLIENT)) {
			for (ClientId client : session.roster()) {
				if (careTeams.relationship(actor.org(), actor.user(), client) == Relationship.SELF) {
					return Optional.of(new Seated(null, Seat.GUEST, Optional.of(client)));
				}
			}
		}
		return Optional.empty();
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
				rooms.add(new OpenRoom(room.id(), Seat.HOST, room.client() == null ? null : room.client().toString(),
						room.openedAt(),
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
