package health.haven.telehealth.internal;

import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import health.haven.telehealth.Room;
import health.haven.telehealth.RoomKind;
import health.haven.telehealth.Seat;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The telehealth schema: rooms and presence, always within one organization's row-level security. */
@Component
public class RoomStore {

	private static final String COLUMNS = "id, org_id, kind, client_id, host_user, session_id, status, locked, opened_at, "
			+ "last_activity_at";

	private final JdbcClient db;

	private final TenantWork work;

	RoomStore(JdbcClient db, TenantWork work) {
		this.db = db;
		this.work = work;
	}

	public void insert(UUID room, OrgId org, RoomKind kind, ClientId client, UserId host, UserId openedBy,
			Optional<UUID> session) {
		work.inTransaction(org, () -> db.sql("""
				INSERT INTO telehealth.room (id, org_id, kind, client_id, host_user, session_id, status, opened_by)
				VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?)""")
			.params(room, org.value(), kind.name(), client == null ? null : client.value(), host.value(),
					session.orElse(null), openedBy.value())
			.update());
	}

	/**
	 * Opens the room of a scheduled session unless one is open already, and answers the open one: two people arriving
	 * at once get the same room (the unique index on open rooms per session decides the race).
	 */
	public UUID openSessionRoom(OrgId org, UUID session, RoomKind kind, ClientId client, UserId host,
			UserId openedBy) {
		return work.inTransaction(org, () -> {
			db.sql("""
					INSERT INTO telehealth.room (id, org_id, kind, client_id, host_user, session_id, status, opened_by)
					VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?)
					ON CONFLICT (org_id, session_id) WHERE session_id IS NOT NULL AND status = 'OPEN' DO NOTHING""")
				.params(UUID.randomUUID(), org.value(), kind.name(), client == null ? null : client.value(),
						host.value(), session, openedBy.value())
				.update();
			return db.sql("SELECT id FROM telehealth.room WHERE session_id = ? AND status = 'OPEN'")
				.param(session)
				.query(UUID.class)
				.single();
		});
	}

	/** The open room of a scheduled session, if one is open. */
	public Optional<Room> openForSession(OrgId org, UUID session) {
		return work.reading(org, () -> db
			.sql("SELECT " + COLUMNS + " FROM telehealth.room WHERE session_id = ? AND status = 'OPEN'")
			.param(session)
			.query(RoomStore::room)
			.optional());
	}

	public Optional<Room> find(OrgId org, UUID room) {
		return work.reading(org, () -> db.sql("SELECT " + COLUMNS + " FROM telehealth.room WHERE id = ?")
			.param(room)
			.query(RoomStore::room)
			.optional());
	}

	public List<Room> openForClient(OrgId org, ClientId client) {
		return work.reading(org, () -> db
			.sql("SELECT " + COLUMNS + " FROM telehealth.room WHERE client_id = ? AND status = 'OPEN' ORDER BY opened_at")
			.param(client.value())
			.query(RoomStore::room)
			.list());
	}

	public List<Room> openForHost(OrgId org, UserId host) {
		return work.reading(org, () -> db
			.sql("SELECT " + COLUMNS + " FROM telehealth.room WHERE host_user = ? AND status = 'OPEN' ORDER BY opened_at")
			.param(host.value())
			.query(RoomStore::room)
			.list());
	}

	public void lock(OrgId org, UUID room, boolean locked) {
		work.inTransaction(org, () -> db.sql("UPDATE telehealth.room SET locked = ?, last_activity_at = now() WHERE id = ?")
			.params(locked, room)
			.update());
	}

	public void touch(OrgId org, UUID room) {
		work.inTransaction(org, () -> db.sql("UPDATE telehealth.room SET last_activity_at = now() WHERE id = ?")
			.param(room)
			.update());
	}

	/** Closes an open room; false when it was closed already. */
	public boolean close(OrgId org, UUID room, String reason) {
		return work.inTransaction(org, () -> db.sql("""
				UPDATE telehealth.room SET status = 'CLOSED', closed_at = now(), close_reason = ?
				WHERE id = ? AND status = 'OPEN'""")
			.params(reason, room)
			.update() == 1);
	}

	/** Closes the organization's open rooms idle for longer than {@code idle} that nobody is in right now. */
	public int closeIdle(OrgId org, Duration idle, Predicate<UUID> occupied) {
		Timestamp before = Timestamp.from(Instant.now().minus(idle));
		List<UUID> idleRooms = work.reading(org, () -> db
			.sql("SELECT id FROM telehealth.room WHERE status = 'OPEN' AND last_activity_at < ?")
			.param(before)
			.query(UUID.class)
			.list());
		int closed = 0;
		for (UUID room : idleRooms) {
			if (!occupied.test(room) && close(org, room, "IDLE")) {
				closed++;
			}
		}
		return closed;
	}

	public void arrived(OrgId org, UUID room, UserId user, Seat seat, ClientId client, UUID id) {
		work.inTransaction(org, () -> {
			db.sql("""
					INSERT INTO telehealth.room_presence (id, org_id, room_id, user_id, role, client_id, joined_at)
					VALUES (?, ?, ?, ?, ?, ?, now())""")
				.params(id, org.value(), room, user.value(), seat.name(), client == null ? null : client.value())
				.update();
			db.sql("UPDATE telehealth.room SET last_activity_at = now() WHERE id = ?").param(room).update();
		});
	}

	public void admitted(OrgId org, UUID presence) {
		work.inTransaction(org, () -> db
			.sql("UPDATE telehealth.room_presence SET admitted_at = now() WHERE id = ? AND admitted_at IS NULL")
			.param(presence)
			.update());
	}

	public void left(OrgId org, UUID room, UUID presence, String how) {
		work.inTransaction(org, () -> {
			db.sql("UPDATE telehealth.room_presence SET left_at = now(), left_how = ? WHERE id = ? AND left_at IS NULL")
				.params(how, presence)
				.update();
			db.sql("UPDATE telehealth.room SET last_activity_at = now() WHERE id = ?").param(room).update();
		});
	}

	/**
	 * A whole stay that happened elsewhere or earlier (imported presence, the demo's past sessions): written with its
	 * own times, in one statement, never through the live path.
	 */
	public void recordStay(OrgId org, UUID room, UserId user, Seat seat, Instant joinedAt, Instant admittedAt,
			Instant leftAt, String how) {
		work.inTransaction(org, () -> db.sql("""
				INSERT INTO telehealth.room_presence (id, org_id, room_id, user_id, role, joined_at, admitted_at, left_at,
				    left_how) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), org.value(), room, user.value(), seat.name(), Timestamp.from(joinedAt),
					admittedAt == null ? null : Timestamp.from(admittedAt), leftAt == null ? null : Timestamp.from(leftAt),
					leftAt == null ? null : how)
			.update());
	}

	private static Room room(ResultSet rows, int n) throws SQLException {
		UUID client = rows.getObject("client_id", UUID.class);
		return new Room(rows.getObject("id", UUID.class), new OrgId(rows.getObject("org_id", UUID.class)),
				RoomKind.valueOf(rows.getString("kind")), client == null ? null : new ClientId(client),
				new UserId(rows.getObject("host_user", UUID.class)),
				Optional.ofNullable(rows.getObject("session_id", UUID.class)), "OPEN".equals(rows.getString("status")),
				rows.getBoolean("locked"),
				rows.getTimestamp("opened_at").toInstant(), rows.getTimestamp("last_activity_at").toInstant());
	}

}
