package health.haven.telehealth;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import health.haven.telehealth.internal.RoomStore;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Presence that did not happen through Haven's own signaling: a scheduled session's past stays written by a system
 * process (the demo's seeding; later, presence taken from a media server's logs). Not reachable from any page or API
 * route, and every room and stay it writes is audited under the process that wrote it, so imported presence is never
 * mistaken for presence the server saw.
 *
 * <p>An imported room belongs to one client, so a group session's imported presence is
 * written as one room per client, each linked to the session; attendance reads every room of a session alike.
 */
@Service
public class PresenceImports {

	private final RoomStore store;

	private final AuditTrail audit;

	private final TenantWork work;

	PresenceImports(RoomStore store, AuditTrail audit, TenantWork work) {
		this.store = store;
		this.audit = audit;
		this.work = work;
	}

	/** A room of the session for one client, hosted by {@code host}, closed at once (its stays are in the past). */
	public UUID room(ActorRef by, OrgId org, UUID session, ClientId client, UserId host) {
		UUID room = UUID.randomUUID();
		work.inTransaction(org, () -> {
			store.insert(room, org, RoomKind.INDIVIDUAL, client, host, host, Optional.of(session));
			store.close(org, room, "ENDED");
			audit.record(AuditEntry.of(by, AuditAction.CREATE, Purpose.SYSTEM)
				.org(org)
				.client(client)
				.resource(TelehealthRooms.RESOURCE, room.toString())
				.detail("session", session.toString())
				.detail("imported", "true")
				.build());
		});
		return room;
	}

	/** One stay in a room: asked to join, admitted (null: never), left (null: still there, as the server last saw). */
	public void stay(ActorRef by, OrgId org, UUID room, UserId person, Seat seat, Instant joined, Instant admitted,
			Instant left) {
		work.inTransaction(org, () -> {
			store.recordStay(org, room, person, seat, joined, admitted, left, "LEFT");
			audit.record(AuditEntry.of(by, AuditAction.ROOM_JOIN, Purpose.SYSTEM)
				.org(org)
				.resource(TelehealthRooms.RESOURCE, room.toString())
				.detail("imported", "true")
				.build());
		});
	}

}
