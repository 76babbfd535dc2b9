package health.haven.telehealth.internal;

import health.haven.shared.ClientId;
import health.haven.shared.UserId;
import health.haven.telehealth.AttendanceStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Attendance's tables: the presence of a session's rooms (read) and the facilitators' confirmations (appended, never
 * changed). Every method runs inside the caller's tenant transaction.
 */
@Component
public class AttendanceStore {

	private final JdbcClient db;

	AttendanceStore(JdbcClient db) {
		this.db = db;
	}

	/** Every stay, by account, in the rooms opened for the session (whatever their kind). */
	public Map<UserId, List<AttendanceRules.Stay>> stays(UUID session) {
		Map<UserId, List<AttendanceRules.Stay>> stays = new LinkedHashMap<>();
		db.sql("""
				SELECT p.user_id, p.admitted_at, p.left_at, r.closed_at
				FROM telehealth.room_presence p JOIN telehealth.room r ON r.id = p.room_id
				WHERE r.session_id = ? ORDER BY p.joined_at, p.id""")
			.param(session)
			.query((rs, n) -> stays.computeIfAbsent(new UserId(rs.getObject(1, UUID.class)), user -> new ArrayList<>())
				.add(new AttendanceRules.Stay(instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
						instant(rs.getTimestamp(4)))))
			.list();
		return stays;
	}

	/** The latest confirmation of each client of the session. */
	public Map<ClientId, Confirmation> confirmations(UUID session) {
		Map<ClientId, Confirmation> latest = new LinkedHashMap<>();
		db.sql("""
				SELECT DISTINCT ON (client_id) id, client_id, status, minutes, reason, confirmed_by, confirmed_at
				FROM telehealth.attendance_confirmation WHERE session_id = ? ORDER BY client_id, seq DESC""")
			.param(session)
			.query((rs, n) -> latest.put(new ClientId(rs.getObject(2, UUID.class)),
					new Confirmation(rs.getObject(1, UUID.class), AttendanceStatus.valueOf(rs.getString(3)),
							rs.getInt(4), rs.getBytes(5), new UserId(rs.getObject(6, UUID.class)),
							rs.getTimestamp(7).toInstant())))
			.list();
		return latest;
	}

	public void confirm(UUID id, UUID org, UUID session, ClientId client, AttendanceStatus status, int minutes,
			AttendanceStatus computedStatus, int computedMinutes, byte[] sealedReason, UserId by) {
		db.sql("""
				INSERT INTO telehealth.attendance_confirmation (id, org_id, session_id, client_id, status, minutes,
				    computed_status, computed_minutes, reason, confirmed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, org, session, client.value(), status.name(), minutes, computedStatus.name(), computedMinutes,
					sealedReason, by.value())
			.update();
	}

	/** A stored confirmation; the reason, if any, still sealed. */
	public record Confirmation(UUID id, AttendanceStatus status, int minutes, byte[] sealedReason, UserId by,
			Instant at) {
	}

	private static Instant instant(Timestamp at) {
		return at == null ? null : at.toInstant();
	}

}
