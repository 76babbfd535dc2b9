package health.haven.scheduling;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
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
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Scheduling sessions and changing them: a track's recurring group (its occurrences written out over a date range,
 * each then moved or cancelled on its own), an individual session, reschedules and cancellations with a notice to
 * everyone affected, and explicit additions to a group's roster within its capacity.
 *
 * <p>A program's director schedules its groups; a clinician schedules individual sessions with clients of their care
 * (decided by {@link AccessDecisions}). A session is changed by its facilitator or clinician or the program's
 * director; the co-facilitator sees it but does not change it. Everything is checked before anything is written, every
 * change is audited, and a change made from a stale copy (its version) is refused with a conflict.
 */
@Service
public class SessionPlanner {

	/** The longest range one recurring group is written out for at once; schedule the next range later. */
	static final int MAX_SERIES_DAYS = 183;

	private final JdbcClient db;

	private final TenantWork work;

	private final SessionRows rows;

	private final Programs programs;

	private final CareTeams careTeams;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	SessionPlanner(JdbcClient db, TenantWork work, SessionRows rows, Programs programs, CareTeams careTeams,
			AccessDecisions decisions, AuditTrail audit) {
		this.db = db;
		this.work = work;
		this.rows = rows;
		this.programs = programs;
		this.careTeams = careTeams;
		this.decisions = decisions;
		this.audit = audit;
	}

	/**
	 * Schedules a track's group over a date range: one session on each day of the weekly pattern, at the pattern's
	 * local times in the program's zone (so a daylight-saving change keeps the local time). For the program's
	 * director only.
	 */
	public ScheduledSeries scheduleGroup(Actor actor, UUID program, UUID trackId, NewGroupSeries series) {
		if (!actor.has(Role.PROGRAM_DIRECTOR)) {
			throw new HavenException("SCHEDULING_DIRECTORS_ONLY", Kind.FORBIDDEN,
					"a program's groups are scheduled by its director");
		}
		Track track = program == null || trackId == null ? null
				: programs.track(actor.org(), program, trackId).orElse(null);
		if (track == null) {
			throw Programs.trackNotFound();
		}
		if (!programs.directs(actor, program)) {
			throw new HavenException("SCHEDULING_DIRECTORS_ONLY", Kind.FORBIDDEN,
					"a program's groups are scheduled by its director");
		}
		if (series == null || series.from() == null || series.to() == null) {
			throw new HavenException("SCHEDULING_RANGE_MISSING", Kind.BAD_REQUEST,
					"give the first and last dates of the range, like 2026-12-07 and 2027-02-26");
		}
		if (series.to().isBefore(series.from())
				|| ChronoUnit.DAYS.between(series.from(), series.to()) >= MAX_SERIES_DAYS) {
			throw new HavenException("SCHEDULING_RANGE_INVALID", Kind.BAD_REQUEST,
					"the last date must be on or after the first, and the range at most " + MAX_SERIES_DAYS + " days");
		}
		Set<UserId> staff = careTeams.staffOf(actor.org(), program);
		UserId facilitator = series.facilitator();
		if (facilitator == null || !staff.contains(facilitator)) {
			throw new HavenException("SCHEDULING_FACILITATOR_INVALID", Kind.BAD_REQUEST,
					"choose a facilitator from the staff of the program's care teams");
		}
		UserId co = series.coFacilitator();
		if (co != null && (co.equals(facilitator) || !staff.contains(co))) {
			throw new HavenException("SCHEDULING_CO_FACILITATOR_INVALID", Kind.BAD_REQUEST,
					"a co-facilitator is another member of the program's care teams' staff");
		}
		TrackDefinition pattern = new TrackDefinition(track.name(),
				blank(series.days()) ? String.join(",", track.days().stream().map(DayOfWeek::name).toList())
						: series.days(),
				blank(series.startsAt()) ? track.startsAt().toString() : series.startsAt(),
				blank(series.endsAt()) ? track.endsAt().toString() : series.endsAt(),
				series.capacity() == null ? track.capacity() : series.capacity());
		Programs.CheckedTrack checked = Programs.check(pattern);
		List<DayOfWeek> days = java.util.Arrays.stream(checked.days().split(",")).map(DayOfWeek::valueOf).toList();
		OrgId org = actor.org();
		UUID seriesId = UUID.randomUUID();
		List<UUID> sessions = new ArrayList<>();
		work.inTransaction(org, () -> {
			ZoneId zone = zoneOf(program);
			long active = db.sql("SELECT count(*) FROM scheduling.enrollment WHERE track_id = ? AND status = 'ACTIVE'")
				.param(trackId)
				.query(Long.class)
				.single();
			if (active > checked.capacity()) {
				throw new HavenException("SCHEDULING_CAPACITY_BELOW_ENROLLED", Kind.CONFLICT,
						"the track has " + active + " active clients; the group's capacity cannot be lower");
			}
			db.sql("""
					INSERT INTO scheduling.session_series (id, org_id, program_id, track_id, days, starts_at, ends_at,
					    first_date, last_date, zone, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(seriesId, org.value(), program, trackId, checked.days(), java.sql.Time.valueOf(checked.startsAt()),
						java.sql.Time.valueOf(checked.endsAt()), java.sql.Date.valueOf(series.from()),
						java.sql.Date.valueOf(series.to()), zone.getId(), actor.user().value())
				.update();
			for (LocalDate day = series.from(); !day.isAfter(series.to()); day = day.plusDays(1)) {
				if (!days.contains(day.getDayOfWeek())) {
					continue;
				}
				UUID id = UUID.randomUUID();
				db.sql("""
						INSERT INTO scheduling.session (id, org_id, kind, program_id, track_id, series_id,
						    occurrence_date, starts_at, ends_at, zone, status, facilitator, co_facilitator, capacity,
						    created_by) VALUES (?, ?, 'GROUP', ?, ?, ?, ?, ?, ?, ?, 'SCHEDULED', ?, ?, ?, ?)""")
					.params(id, org.value(), program, trackId, seriesId, java.sql.Date.valueOf(day),
							at(day, checked.startsAt(), zone), at(day, checked.endsAt(), zone), zone.getId(),
							facilitator.value(), co == null ? null : co.value(), checked.capacity(),
							actor.user().value())
					.update();
				sessions.add(id);
			}
			if (sessions.isEmpty()) {
				throw new HavenException("SCHEDULING_NO_OCCURRENCES", Kind.BAD_REQUEST,
						"none of the pattern's days falls within the range");
			}
			changed(actor, AuditAction.CREATE, "session_series", seriesId, "occurrences",
					Integer.toString(sessions.size()));
		});
		return new ScheduledSeries(seriesId, sessions);
	}

	/**
	 * Schedules an individual session between the asking clinician and a client of their care. The client is decided
	 * before the input is checked, so that someone outside the care team learns nothing from a validation message.
	 */
	public UUID scheduleIndividual(Actor actor, NewIndividualSession session) {
		if (!actor.has(Role.CLINICIAN)) {
			throw new HavenException("SCHEDULING_CLINICIANS_ONLY", Kind.FORBIDDEN,
					"individual sessions are scheduled by clinicians");
		}
		if (session == null || session.client() == null) {
			throw new HavenException("SCHEDULING_CLIENT_MISSING", Kind.BAD_REQUEST, "choose the client");
		}
		ClientId client = session.client();
		UUID id = UUID.randomUUID();
		requireRelated(actor, client, AuditAction.CREATE);
		if (session.startsAt() == null) {
			throw new HavenException("SCHEDULING_START_MISSING", Kind.BAD_REQUEST,
					"give the start, like 2026-12-07T10:00");
		}
		int minutes = session.minutes() == null ? 50 : session.minutes();
		if (minutes < 15 || minutes > 240) {
			throw new HavenException("SCHEDULING_LENGTH_INVALID", Kind.BAD_REQUEST,
					"an individual session lasts 15 to 240 minutes");
		}
		OrgId org = actor.org();
		work.inTransaction(org, () -> {
			UUID program = db.sql("""
					SELECT t.program_id FROM scheduling.enrollment e JOIN scheduling.track t ON t.id = e.track_id
					WHERE e.client_id = ? AND e.status <> 'DISCHARGED' ORDER BY e.admitted_on DESC LIMIT 1""")
				.param(client.value())
				.query(UUID.class)
				.optional()
				.orElse(null);
			ZoneId zone = program == null ? rows.defaultZone() : zoneOf(program);
			Instant start = session.startsAt().atZone(zone).toInstant();
			decisions.enforce(actor, org, client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.CREATE,
					"session", id.toString());
			db.sql("""
					INSERT INTO scheduling.session (id, org_id, kind, program_id, starts_at, ends_at, zone, status,
					    facilitator, client_id, capacity, created_by)
					VALUES (?, ?, 'INDIVIDUAL', ?, ?, ?, ?, 'SCHEDULED', ?, ?, 1, ?)""")
				.params(id, org.value(), program, Timestamp.from(start),
						Timestamp.from(start.plus(Duration.ofMinutes(minutes))), zone.getId(), actor.user().value(),
						client.value(), actor.user().value())
				.update();
		});
		return id;
	}

	/**
	 * Moves one session (an exception, if it belongs to a recurring group) to new local times in its zone, and tells
	 * everyone affected: "Your session on Mon 7 Dec 2026 moved."
	 */
	public void reschedule(Actor actor, UUID session, LocalDateTime startsAt, LocalDateTime endsAt, Integer version) {
		change(actor, session, version, row -> {
			if (startsAt == null || endsAt == null || !endsAt.isAfter(startsAt)
					|| Duration.between(startsAt, endsAt).toHours() >= 12) {
				throw new HavenException("SCHEDULING_TIMES_INVALID", Kind.BAD_REQUEST,
						"give a start and an end on the same day, like 2026-12-07T18:00 and 2026-12-07T21:00");
			}
			Instant start = startsAt.atZone(row.zone()).toInstant();
			Instant end = endsAt.atZone(row.zone()).toInstant();
			update(row, "UPDATE scheduling.session SET starts_at = ?, ends_at = ?, moved = true, version = version + 1"
					+ " WHERE id = ? AND version = ?", Timestamp.from(start), Timestamp.from(end), row.id(),
					row.version());
			return "Your session on " + SessionTimes.day(row.startsAt(), row.zone()) + " moved.";
		});
	}

	/** Cancels one session (kept, shown as cancelled) and tells everyone affected. */
	public void cancel(Actor actor, UUID session, Integer version) {
		change(actor, session, version, row -> {
			update(row, "UPDATE scheduling.session SET status = 'CANCELLED', version = version + 1"
					+ " WHERE id = ? AND version = ?", row.id(), row.version());
			return "Your session on " + SessionTimes.day(row.startsAt(), row.zone()) + " was cancelled.";
		});
	}

	/**
	 * Cancels a recurring group from a date on (today in its zone when null): every occurrence still scheduled on or
	 * after it, each with its notices, as if cancelled one by one. For the program's director; returns how many were
	 * cancelled.
	 */
	public int cancelSeries(Actor actor, UUID series, LocalDate from) {
		if (!actor.has(Role.PROGRAM_DIRECTOR)) {
			throw new HavenException("SCHEDULING_DIRECTORS_ONLY", Kind.FORBIDDEN,
					"a recurring group is cancelled by its program's director");
		}
		OrgId org = actor.org();
		return work.inTransaction(org, () -> {
			UUID program = series == null ? null : db.sql("SELECT program_id FROM scheduling.session_series WHERE id = ?")
				.param(series)
				.query(UUID.class)
				.optional()
				.orElse(null);
			if (program == null || !careTeams.directs(org, actor.user(), program)) {
				throw new HavenException("SCHEDULING_SERIES_NOT_FOUND", Kind.NOT_FOUND, "no such recurring group");
			}
			List<UUID> ids = db.sql("""
					SELECT id FROM scheduling.session WHERE series_id = ? AND status = 'SCHEDULED'
					  AND occurrence_date >= ? ORDER BY starts_at FOR UPDATE""")
				.params(series, java.sql.Date.valueOf(from == null ? LocalDate.now(zoneOf(program)) : from))
				.query(UUID.class)
				.list();
			for (UUID id : ids) {
				SessionRows.Row row = rows.find(id, true).orElseThrow();
				update(row, "UPDATE scheduling.session SET status = 'CANCELLED', version = version + 1"
						+ " WHERE id = ? AND version = ?", row.id(), row.version());
				tell(actor, row, "Your session on " + SessionTimes.day(row.startsAt(), row.zone()) + " was cancelled.");
			}
			changed(actor, AuditAction.UPDATE, "session_series", series, "cancelled", Integer.toString(ids.size()));
			return ids.size();
		});
	}

	/**
	 * Adds a client of the asker's care to one group session's roster, beyond the track's enrollment, within the
	 * session's capacity (checked under a lock on the session, so two additions cannot both take the last place).
	 */
	public void addToRoster(Actor actor, UUID session, ClientId client) {
		OrgId org = actor.org();
		work.inTransaction(org, () -> {
			SessionRows.Row row = changeable(actor, session);
			if (client == null) {
				throw new HavenException("SCHEDULING_CLIENT_MISSING", Kind.BAD_REQUEST, "choose the client");
			}
			requireRelated(actor, client, AuditAction.UPDATE);
			if (row.kind() != SessionKind.GROUP) {
				throw new HavenException("SCHEDULING_NOT_A_GROUP", Kind.BAD_REQUEST,
						"only a group session has a roster to add to");
			}
			List<ClientId> roster = rows.roster(row);
			if (roster.contains(client)) {
				throw new HavenException("SCHEDULING_ALREADY_ON_ROSTER", Kind.CONFLICT,
						"the client is already on this session's roster");
			}
			if (roster.size() >= row.capacity()) {
				throw new HavenException("SCHEDULING_SESSION_FULL", Kind.CONFLICT,
						"the session is full (" + row.capacity() + " clients)");
			}
			decisions.enforce(actor, org, client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.UPDATE,
					"session", row.id().toString());
			db.sql("INSERT INTO scheduling.session_roster_addition (session_id, client_id, org_id, added_by) VALUES (?, ?, ?, ?)")
				.params(row.id(), client.value(), org.value(), actor.user().value())
				.update();
		});
	}

	private void change(Actor actor, UUID session, Integer version,
			java.util.function.Function<SessionRows.Row, String> apply) {
		OrgId org = actor.org();
		work.inTransaction(org, () -> {
			SessionRows.Row row = changeable(actor, session);
			if (version == null) {
				throw new HavenException("SCHEDULING_VERSION_MISSING", Kind.BAD_REQUEST,
						"send the version of the session you saw");
			}
			if (row.status() == SessionStatus.CANCELLED) {
				throw new HavenException("SCHEDULING_SESSION_CANCELLED", Kind.CONFLICT,
						"the session is cancelled and changes no more");
			}
			if (version != row.version()) {
				throw changedMeanwhile();
			}
			tell(actor, row, apply.apply(row));
		});
	}

	/** Notices to everyone a change affects but the one who made it, and the change's audit entry. */
	private void tell(Actor actor, SessionRows.Row row, String text) {
		OrgId org = actor.org();
		List<ClientId> roster = rows.roster(row);
		for (UserId person : SessionRows.staff(row)) {
			if (!person.equals(actor.user())) {
				notice(org, row, person, null, text);
			}
		}
		for (ClientId client : roster) {
			notice(org, row, null, client, text);
		}
		if (row.kind() == SessionKind.INDIVIDUAL) {
			decisions.enforce(actor, org, row.client(), DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.UPDATE,
					"session", row.id().toString());
		}
		else {
			changed(actor, AuditAction.UPDATE, "session", row.id(), "notices", Integer.toString(roster.size()));
		}
	}

	/** The session, locked, if the asker may change it: "not found" if they may not see it, forbidden if only that. */
	private SessionRows.Row changeable(Actor actor, UUID session) {
		if (!actor.isStaff()) {
			throw new HavenException("STAFF_ONLY", Kind.FORBIDDEN, "sessions are changed by staff");
		}
		SessionRows.Row row = session == null ? null : rows.find(session, true).orElse(null);
		if (row == null || rows.staffRole(actor, row).isEmpty()) {
			throw SessionRows.notFound();
		}
		if (!row.facilitator().equals(actor.user()) && !rows.directs(actor, row)) {
			throw new HavenException("SCHEDULING_SESSION_CHANGE_NOT_ALLOWED", Kind.FORBIDDEN,
					"a session is changed by its facilitator or clinician, or the program's director");
		}
		return row;
	}

	private void requireRelated(Actor actor, ClientId client, AuditAction action) {
		if (careTeams.relationship(actor.org(), actor.user(), client) == Relationship.NONE) {
			throw decisions.refuseUnknown(actor, client, DataCategory.GENERAL, Purpose.TREATMENT, action, "session");
		}
		if (!decisions.decide(actor, actor.org(), client, DataCategory.GENERAL, Purpose.TREATMENT).permitted()) {
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.TREATMENT, action, "session",
					client.toString());
		}
	}

	private void update(SessionRows.Row row, String sql, Object... params) {
		if (db.sql(sql).params(params).update() != 1) {
			throw changedMeanwhile();
		}
	}

	private void notice(OrgId org, SessionRows.Row row, UserId user, ClientId client, String text) {
		db.sql("""
				INSERT INTO scheduling.session_notice (id, org_id, session_id, user_id, client_id, text)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), org.value(), row.id(), user == null ? null : user.value(),
					client == null ? null : client.value(), text)
			.update();
	}

	private void changed(Actor actor, AuditAction action, String type, UUID id, String key, String value) {
		audit.record(AuditEntry.of(actor.ref(), action, Purpose.OPERATIONS)
			.org(actor.org())
			.resource(type, id.toString())
			.detail(key, value)
			.build());
	}

	private ZoneId zoneOf(UUID program) {
		return ZoneId.of(db.sql("SELECT zone FROM scheduling.program_profile WHERE program_id = ?")
			.param(program)
			.query(String.class)
			.optional()
			.orElse(rows.defaultZone().getId()));
	}

	private static Timestamp at(LocalDate day, LocalTime time, ZoneId zone) {
		return Timestamp.from(day.atTime(time).atZone(zone).toInstant());
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	private static HavenException changedMeanwhile() {
		return new HavenException("SCHEDULING_SESSION_CHANGED_MEANWHILE", Kind.CONFLICT,
				"someone changed this session meanwhile; reload and try again");
	}

}
