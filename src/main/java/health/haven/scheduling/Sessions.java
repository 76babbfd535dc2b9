package health.haven.scheduling;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.tenancy.TenantWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reading scheduled sessions: one session for another module (telehealth opens rooms for them), a member of staff's
 * week, a person's own upcoming sessions, and the notices of changes to them.
 *
 * <p>Who sees a session: the staff assigned to it (facilitator, co-facilitator, clinician), the director of its
 * program, and the clients on its roster; for anyone else it does not exist. A client never learns who else attends
 * a group: not the names (scheduling holds none) and not even the other clients' ids.
 */
@Service
public class Sessions {

	/** How far ahead a person's own list of upcoming sessions reaches. */
	static final Duration UPCOMING = Duration.ofDays(90);

	private final JdbcClient db;

	private final TenantWork work;

	private final SessionRows rows;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	private final Clock clock;

	Sessions(JdbcClient db, TenantWork work, SessionRows rows, AccessDecisions decisions, AuditTrail audit) {
		this.db = db;
		this.work = work;
		this.rows = rows;
		this.decisions = decisions;
		this.audit = audit;
		this.clock = Clock.systemUTC();
	}

	/**
	 * One session, for the staff assigned to it, the director of its program and the clients on its roster (a client
	 * sees only themself on it); "not found" for anyone else. Audited as a read of the session; an individual session
	 * is a read of its client's data, decided by {@link AccessDecisions}.
	 */
	public ScheduledSession find(Actor actor, UUID sessionId) {
		OrgId org = actor.org();
		return work.reading(org, () -> {
			SessionRows.Row row = sessionId == null ? null : rows.find(sessionId, false).orElse(null);
			if (row == null) {
				throw refused(actor, sessionId);
			}
			List<ClientId> roster = rows.roster(row);
			List<ClientId> shown;
			if (rows.staffRole(actor, row).isPresent()) {
				shown = roster;
			}
			else {
				Set<ClientId> own = rows.ownClients(org, actor.user());
				shown = roster.stream().filter(own::contains).toList();
				if (shown.isEmpty()) {
					throw refused(actor, sessionId);
				}
			}
			if (row.kind() == SessionKind.INDIVIDUAL) {
				decisions.enforce(actor, org, row.client(), DataCategory.GENERAL, decisions.usualPurpose(actor),
						AuditAction.READ, "session", row.id().toString());
			}
			else {
				audit.recordBeforeRead(AuditEntry.of(actor.ref(), AuditAction.READ, decisions.usualPurpose(actor))
					.org(org)
					.resource("session", row.id().toString())
					.detail("roster", Integer.toString(shown.size()))
					.outcome(AuditOutcome.ALLOWED)
					.build());
			}
			return new ScheduledSession(row.id(), row.kind(), row.startsAt(), row.endsAt(), row.status(),
					row.program(), SessionRows.staff(row), shown);
		});
	}

	/**
	 * One session for those who run it: its facilitator, co-facilitator or clinician, and the director of its program.
	 * Everyone else, the clients on its roster included, is told it does not exist (audited as a refusal), so what is
	 * built on it (attendance) is seen by the session's staff alone. Audited as a read of the session; an individual
	 * session is a read of its client's data, decided by {@link AccessDecisions}.
	 */
	public StaffedSession forStaff(Actor actor, UUID sessionId) {
		OrgId org = actor.org();
		return work.reading(org, () -> {
			SessionRows.Row row = sessionId == null ? null : rows.find(sessionId, false).orElse(null);
			Optional<String> role = row == null ? Optional.empty() : rows.staffRole(actor, row);
			if (role.isEmpty()) {
				throw refused(actor, sessionId);
			}
			List<ClientId> roster = rows.roster(row);
			if (row.kind() == SessionKind.INDIVIDUAL) {
				decisions.enforce(actor, org, row.client(), DataCategory.GENERAL, decisions.usualPurpose(actor),
						AuditAction.READ, "session", row.id().toString());
			}
			else {
				audit.recordBeforeRead(AuditEntry.of(actor.ref(), AuditAction.READ, decisions.usualPurpose(actor))
					.org(org)
					.resource("session", row.id().toString())
					.detail("roster", Integer.toString(roster.size()))
					.outcome(AuditOutcome.ALLOWED)
					.build());
			}
			String label = row.kind() == SessionKind.GROUP ? row.trackName() : "Individual session";
			return new StaffedSession(row.id(), row.kind(), row.startsAt(), row.endsAt(), row.zone(), row.status(),
					row.program(), label, role.get(), SessionRows.staff(row), roster);
		});
	}

	/**
	 * A client's week in their program (an ISO week like "2026-W48", blank for the current one, read in the program's
	 * zone): what the program requires and the client's sessions that week. Empty when the client has no active
	 * enrollment. Decided and audited as a read of the client's general record; outside the asker's care, "not found".
	 */
	public Optional<ProgramWeek> weekOf(Actor actor, ClientId client, String isoWeek) {
		OrgId org = actor.org();
		decisions.enforce(actor, org, client, DataCategory.GENERAL, decisions.usualPurpose(actor), AuditAction.READ,
				"program_week", client.toString());
		return work.reading(org, () -> db.sql("""
				SELECT e.track_id, t.program_id, t.name, e.level_of_care, p.required_hours, p.zone
				FROM scheduling.enrollment e JOIN scheduling.track t ON t.id = e.track_id
				JOIN scheduling.program_profile p ON p.program_id = t.program_id
				WHERE e.client_id = ? AND e.status = 'ACTIVE' ORDER BY e.admitted_on DESC, e.id LIMIT 1""")
			.param(client.value())
			.query((rs, n) -> {
				UUID track = rs.getObject(1, UUID.class);
				ZoneId zone = ZoneId.of(rs.getString(6));
				LocalDate monday = SessionTimes.monday(isoWeek, zone);
				Instant from = monday.atStartOfDay(zone).toInstant();
				Instant to = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
				return new ProgramWeek(client, rs.getObject(2, UUID.class), track, rs.getString(3),
						LevelOfCare.valueOf(rs.getString(4)), rs.getBigDecimal(5), zone, SessionTimes.week(monday),
						monday, from, to, List.of());
			})
			.optional()
			.map(week -> new ProgramWeek(week.client(), week.program(), week.track(), week.trackName(),
					week.levelOfCare(), week.requiredHours(), week.zone(), week.week(), week.monday(), week.from(),
					week.to(), sessionsOf(client, week.track(), week.from(), week.to()))));
	}

	/** The client's sessions overlapping [from, to) that were not cancelled, inside the caller's transaction. */
	private List<ProgramWeek.Session> sessionsOf(ClientId client, UUID track, Instant from, Instant to) {
		return db.sql("""
				SELECT s.id, s.kind, s.starts_at, s.ends_at FROM scheduling.session s
				WHERE s.status = 'SCHEDULED' AND s.starts_at < ? AND s.ends_at > ?
				  AND ((s.kind = 'INDIVIDUAL' AND s.client_id = ?)
				       OR (s.kind = 'GROUP' AND (s.track_id = ? OR s.id IN (SELECT a.session_id
				           FROM scheduling.session_roster_addition a WHERE a.client_id = ?))))
				ORDER BY s.starts_at, s.id""")
			.params(java.sql.Timestamp.from(to), java.sql.Timestamp.from(from), client.value(), track, client.value())
			.query((rs, n) -> new ProgramWeek.Session(rs.getObject(1, UUID.class),
					SessionKind.valueOf(rs.getString(2)), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()))
			.list();
	}

	/** A week of a member of staff's sessions: those they run and, for a director, those of their programs. */
	public ScheduleWeek week(Actor actor, String isoWeek) {
		requireStaff(actor);
		ZoneId zone = rows.defaultZone();
		LocalDate monday = SessionTimes.monday(isoWeek, zone);
		Instant from = monday.atStartOfDay(zone).toInstant();
		Instant to = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
		List<SessionEntry> sessions = work.reading(actor.org(), () -> rows.ofStaff(actor, from, to)
			.stream()
			.map(row -> rows.entry(row, rows.staffRole(actor, row)))
			.toList());
		return new ScheduleWeek(SessionTimes.week(monday), monday, zone, SessionTimes.week(monday.minusWeeks(1)),
				SessionTimes.week(monday.plusWeeks(1)), sessions);
	}

	/**
	 * The person's own sessions from now on (for {@link #UPCOMING}): those they run, for staff; those they are on the
	 * roster of, for a client, with nothing about the other attendees.
	 */
	public List<SessionEntry> upcoming(Actor actor) {
		Instant now = clock.instant();
		return work.reading(actor.org(), () -> rows.ofPerson(actor.org(), actor.user(), now, now.plus(UPCOMING))
			.stream()
			.map(row -> rows.entry(row, actor.isStaff() ? rows.staffRole(actor, row) : Optional.empty()))
			.toList());
	}

	/** Notices not yet dismissed about the person's own sessions, newest first. */
	public List<SessionNotice> notices(Actor actor) {
		OrgId org = actor.org();
		return work.reading(org, () -> db.sql("""
				SELECT id, session_id, text, created_at FROM scheduling.session_notice
				WHERE dismissed_at IS NULL
				  AND (user_id = ? OR client_id::text = ANY (string_to_array(?, ',')))
				ORDER BY created_at DESC, id LIMIT 50""")
			.params(actor.user().value(), ownClients(org, actor))
			.query((rs, n) -> new SessionNotice(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					rs.getString(3), rs.getTimestamp(4).toInstant()))
			.list());
	}

	/** Dismisses one of the person's notices; anyone else's is "not found". */
	public void dismiss(Actor actor, UUID notice) {
		OrgId org = actor.org();
		int dismissed = notice == null ? 0 : work.inTransaction(org, () -> db.sql("""
				UPDATE scheduling.session_notice SET dismissed_at = now()
				WHERE id = ? AND dismissed_at IS NULL
				  AND (user_id = ? OR client_id::text = ANY (string_to_array(?, ',')))""")
			.params(notice, actor.user().value(), ownClients(org, actor))
			.update());
		if (dismissed == 0) {
			throw new HavenException("SCHEDULING_NOTICE_NOT_FOUND", Kind.NOT_FOUND, "no such notice");
		}
	}

	private String ownClients(OrgId org, Actor actor) {
		return String.join(",", rows.ownClients(org, actor.user()).stream().map(ClientId::toString).toList());
	}

	private HavenException refused(Actor actor, UUID session) {
		audit.recordRefusal(AuditEntry.of(actor.ref(), AuditAction.READ, decisions.usualPurpose(actor))
			.org(actor.org())
			.resource("session", String.valueOf(session))
			.detail("reason", "NOT_FOUND")
			.outcome(AuditOutcome.DENIED)
			.build());
		return SessionRows.notFound();
	}

	static void requireStaff(Actor actor) {
		if (!actor.isStaff()) {
			throw new HavenException("STAFF_ONLY", Kind.FORBIDDEN, "the schedule is for staff");
		}
	}

}
