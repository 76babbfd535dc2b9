package health.haven.scheduling;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.scheduling.enrollment.Enrollment;
import health.haven.scheduling.enrollment.EnrollmentChange;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Clients' enrollment in program tracks, with every level-of-care and status change kept.
 *
 * <p>Enrollment is part of the client's general record: read by the care team, the program director and the client
 * (decided and audited by {@link AccessDecisions}), changed only by the care team's clinicians and the program
 * director. A write is decided before its input is checked, so that someone outside the care team learns nothing from
 * a validation message. Capacity is enforced under a lock on the track, so two admissions at once cannot both take
 * the last place.
 */
@Service
public class Enrollments {

	static final Set<String> STATUSES = Set.of("ACTIVE", "ON_HOLD", "DISCHARGED");

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	private final CareTeams careTeams;

	private final Programs programs;

	Enrollments(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, AuditTrail audit,
			CareTeams careTeams, Programs programs) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.audit = audit;
		this.careTeams = careTeams;
		this.programs = programs;
	}

	/** A client's enrollments, newest first, each with its history. */
	public List<Enrollment> of(Actor actor, ClientId client, Purpose purpose) {
		requireClient(actor, client, purpose, AuditAction.READ);
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ, "enrollment",
				client.toString());
		OrgId org = actor.org();
		return work.reading(org, () -> {
			List<Enrollment> rows = db.sql(SELECT + " WHERE e.client_id = ? ORDER BY e.admitted_on DESC, e.enrolled_at DESC")
				.param(client.value())
				.query((rs, n) -> new Enrollment(rs.getObject(1, UUID.class), client, rs.getObject(2, UUID.class),
						rs.getObject(3, UUID.class), rs.getString(4), rs.getDate(5).toLocalDate(), rs.getInt(6),
						rs.getString(7), LevelOfCare.valueOf(rs.getString(8)), rs.getInt(9), List.of()))
				.list();
			List<Enrollment> withHistory = new ArrayList<>();
			for (Enrollment row : rows) {
				withHistory.add(new Enrollment(row.id(), client, row.program(), row.track(), row.trackName(),
						row.admittedOn(), row.expectedWeeks(), row.status(), row.levelOfCare(), row.version(),
						history(org, client, row.id())));
			}
			return withHistory;
		});
	}

	/**
	 * Enrolls a client in a track as active. Refused clearly, changing nothing, when the track or its program is
	 * full, or when the client already has an enrollment that is not discharged.
	 */
	public UUID enroll(Actor actor, ClientId client, NewEnrollment enrollment) {
		UUID id = UUID.randomUUID();
		requireWriter(actor, client, AuditAction.CREATE, id);
		if (enrollment == null || enrollment.track() == null) {
			throw new HavenException("SCHEDULING_TRACK_MISSING", Kind.BAD_REQUEST, "choose the track to enroll in");
		}
		LocalDate admitted = enrollment.admittedOn() == null ? LocalDate.now() : enrollment.admittedOn();
		if (admitted.isAfter(LocalDate.now().plusDays(90)) || admitted.isBefore(LocalDate.of(2000, 1, 1))) {
			throw new HavenException("SCHEDULING_ADMISSION_DATE_INVALID", Kind.BAD_REQUEST,
					"the admission date must be after 2000 and at most 90 days ahead");
		}
		int weeks = enrollment.expectedWeeks() == null ? 0 : enrollment.expectedWeeks();
		if (weeks < 1 || weeks > 104) {
			throw new HavenException("SCHEDULING_EXPECTED_LENGTH_INVALID", Kind.BAD_REQUEST,
					"the expected length is 1 to 104 weeks");
		}
		OrgId org = actor.org();
		work.inTransaction(org, () -> {
			UUID program = lockTrack(enrollment.track());
			LevelOfCare level = enrollment.levelOfCare() == null || enrollment.levelOfCare().isBlank()
					? LevelOfCare.valueOf(db.sql("SELECT level_of_care FROM scheduling.program_profile WHERE program_id = ?")
						.param(program).query(String.class).single())
					: LevelOfCare.named(enrollment.levelOfCare());
			long open = db.sql("SELECT count(*) FROM scheduling.enrollment WHERE client_id = ? AND status <> 'DISCHARGED'")
				.param(client.value())
				.query(Long.class)
				.single();
			if (open > 0) {
				throw new HavenException("SCHEDULING_ALREADY_ENROLLED", Kind.CONFLICT,
						"the client is already enrolled; discharge or change that enrollment first");
			}
			requireRoom(enrollment.track(), program);
			decisions.enforce(actor, org, client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.CREATE,
					"enrollment", id.toString());
			db.sql("""
					INSERT INTO scheduling.enrollment (id, org_id, client_id, track_id, admitted_on, expected_weeks,
					    status, level_of_care, enrolled_by) VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)""")
				.params(id, org.value(), client.value(), enrollment.track(), Date.valueOf(admitted), weeks,
						level.name(), actor.user().value())
				.update();
		});
		return id;
	}

	/** Moves an enrollment to another level of care; the reason is required, sealed, and kept with the history. */
	public void changeLevelOfCare(Actor actor, ClientId client, UUID enrollment, String levelOfCare, String reason) {
		Current current = requireEnrollment(actor, client, enrollment);
		LevelOfCare level = LevelOfCare.named(levelOfCare);
		String why = reason(reason, true);
		if (level == current.level()) {
			throw new HavenException("SCHEDULING_LEVEL_OF_CARE_UNCHANGED", Kind.BAD_REQUEST,
					"the client is already at that level of care");
		}
		change(actor, client, current, "LEVEL_OF_CARE", current.level().name(), level.name(), why,
				"UPDATE scheduling.enrollment SET level_of_care = ?, version = version + 1 WHERE id = ? AND version = ?",
				level.name());
	}

	/**
	 * Puts an enrollment on hold, back to active (if the track has room) or discharges it. A discharged enrollment is
	 * closed: it stays readable and changes no more.
	 */
	public void changeStatus(Actor actor, ClientId client, UUID enrollment, String status, String reason) {
		Current current = requireEnrollment(actor, client, enrollment);
		String next = status == null ? "" : status.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
		if (!STATUSES.contains(next)) {
			throw new HavenException("SCHEDULING_STATUS_UNKNOWN", Kind.BAD_REQUEST,
					"the status must be ACTIVE, ON_HOLD or DISCHARGED");
		}
		if (next.equals(current.status())) {
			throw new HavenException("SCHEDULING_STATUS_UNCHANGED", Kind.BAD_REQUEST, "the enrollment already has that status");
		}
		String why = reason(reason, false);
		change(actor, client, current, "STATUS", current.status(), next, why,
				"UPDATE scheduling.enrollment SET status = ?, version = version + 1 WHERE id = ? AND version = ?", next);
	}

	/**
	 * The caseload of the person asking: the clients of their care teams (and, for a director, their programs), each
	 * with their current enrollment. Each client shown is decided and audited.
	 */
	public List<CaseloadEntry> caseload(Actor actor) {
		if (!actor.isStaff()) {
			throw new HavenException("STAFF_ONLY", Kind.FORBIDDEN, "the caseload is for staff");
		}
		List<CaseloadEntry> entries = new ArrayList<>();
		for (ClientId client : careTeams.clientsOf(actor.org(), actor.user())) {
			if (!decisions.decide(actor, actor.org(), client, DataCategory.GENERAL, Purpose.TREATMENT).permitted()) {
				continue;
			}
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.READ,
					"caseload", client.toString());
			entries.add(work.reading(actor.org(), () -> db.sql(CASELOAD + """

					WHERE e.client_id = ? ORDER BY (e.status = 'DISCHARGED'), e.admitted_on DESC LIMIT 1""")
				.param(client.value())
				.query((rs, n) -> entry(client, rs))
				.optional()
				.orElse(new CaseloadEntry(client, null, null, null, null, null))));
		}
		entries.sort(Comparator.comparing((CaseloadEntry e) -> e.status() == null ? "~" : e.status())
			.thenComparing(e -> e.client().toString()));
		return entries;
	}

	/**
	 * A track's caseload (active and on hold), for a director of its program. Anyone else is forbidden; an unknown
	 * program or track is "not found".
	 */
	public List<CaseloadEntry> trackCaseload(Actor actor, UUID program, UUID track) {
		if (!actor.has(Role.PROGRAM_DIRECTOR)) {
			throw new HavenException("SCHEDULING_DIRECTORS_ONLY", Kind.FORBIDDEN,
					"a track's caseload is for the program director");
		}
		if (program == null || track == null || programs.track(actor.org(), program, track).isEmpty()) {
			throw Programs.trackNotFound();
		}
		if (!programs.directs(actor, program)) {
			throw new HavenException("SCHEDULING_DIRECTORS_ONLY", Kind.FORBIDDEN,
					"a track's caseload is for the director of its program");
		}
		List<CaseloadEntry> enrolled = work.reading(actor.org(), () -> db.sql(CASELOAD + """

				WHERE e.track_id = ? AND e.status <> 'DISCHARGED' ORDER BY e.admitted_on, e.id""")
			.param(track)
			.query((rs, n) -> entry(new ClientId(rs.getObject(7, UUID.class)), rs))
			.list());
		List<CaseloadEntry> shown = new ArrayList<>();
		for (CaseloadEntry entry : enrolled) {
			if (decisions.decide(actor, actor.org(), entry.client(), DataCategory.GENERAL, Purpose.TREATMENT)
				.permitted()) {
				decisions.enforce(actor, actor.org(), entry.client(), DataCategory.GENERAL, Purpose.TREATMENT,
						AuditAction.READ, "caseload", track.toString());
				shown.add(entry);
			}
		}
		return shown;
	}

	private static final String SELECT = """
			SELECT e.id, t.program_id, e.track_id, t.name, e.admitted_on, e.expected_weeks, e.status, e.level_of_care,
			       e.version
			FROM scheduling.enrollment e JOIN scheduling.track t ON t.id = e.track_id""";

	private static final String CASELOAD = """
			SELECT e.id, t.name, e.status, e.admitted_on, e.level_of_care, e.track_id, e.client_id
			FROM scheduling.enrollment e JOIN scheduling.track t ON t.id = e.track_id""";

	private static CaseloadEntry entry(ClientId client, java.sql.ResultSet rs) throws java.sql.SQLException {
		return new CaseloadEntry(client, rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
				rs.getDate(4).toLocalDate(), LevelOfCare.valueOf(rs.getString(5)));
	}

	private void change(Actor actor, ClientId client, Current current, String kind, String from, String to,
			String reason, String update, String value) {
		OrgId org = actor.org();
		UUID changeId = UUID.randomUUID();
		work.inTransaction(org, () -> {
			if (kind.equals("STATUS") && to.equals("ACTIVE")) {
				requireRoom(current.track(), lockTrack(current.track()));
			}
			decisions.enforce(actor, org, client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.UPDATE,
					"enrollment", current.id().toString());
			int updated = db.sql(update).params(value, current.id(), current.version()).update();
			if (updated != 1) {
				throw new HavenException("SCHEDULING_ENROLLMENT_CHANGED_MEANWHILE", Kind.CONFLICT,
						"someone changed this enrollment meanwhile; reload and try again");
			}
			db.sql("""
					INSERT INTO scheduling.enrollment_change (id, org_id, enrollment_id, client_id, kind, from_value,
					    to_value, reason, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(changeId, org.value(), current.id(), client.value(), kind, from, to,
						reason == null ? null : cipher.sealText(KeyScope.client(org, client), reasonField(changeId), reason),
						actor.user().value())
				.update();
		});
	}

	private List<EnrollmentChange> history(OrgId org, ClientId client, UUID enrollment) {
		return db.sql("""
				SELECT id, kind, from_value, to_value, reason, changed_by, changed_at FROM scheduling.enrollment_change
				WHERE enrollment_id = ? ORDER BY changed_at, id""")
			.param(enrollment)
			.query((rs, n) -> {
				UUID id = rs.getObject(1, UUID.class);
				byte[] sealed = rs.getBytes(5);
				return new EnrollmentChange(rs.getString(2), rs.getString(3), rs.getString(4),
						sealed == null ? null : cipher.openText(KeyScope.client(org, client), reasonField(id), sealed),
						rs.getObject(6, UUID.class), rs.getTimestamp(7).toInstant());
			})
			.list();
	}

	/** Locks the track for the rest of the transaction and returns its program; an unknown track is a bad request. */
	private UUID lockTrack(UUID track) {
		return db.sql("SELECT program_id FROM scheduling.track WHERE id = ? FOR UPDATE")
			.param(track)
			.query(UUID.class)
			.optional()
			.orElseThrow(() -> new HavenException("SCHEDULING_TRACK_UNKNOWN", Kind.BAD_REQUEST,
					"no such track; choose one of the program's tracks"));
	}

	private void requireRoom(UUID track, UUID program) {
		int trackCapacity = db.sql("SELECT capacity FROM scheduling.track WHERE id = ?").param(track).query(Integer.class).single();
		long inTrack = db.sql("SELECT count(*) FROM scheduling.enrollment WHERE track_id = ? AND status = 'ACTIVE'")
			.param(track).query(Long.class).single();
		if (inTrack >= trackCapacity) {
			throw new HavenException("SCHEDULING_TRACK_FULL", Kind.CONFLICT,
					"the track is full (" + trackCapacity + " active clients); choose another track or put the client on a waiting list");
		}
		int programCapacity = db.sql("SELECT capacity FROM scheduling.program_profile WHERE program_id = ?")
			.param(program).query(Integer.class).single();
		long inProgram = db.sql("""
				SELECT count(*) FROM scheduling.enrollment e JOIN scheduling.track t ON t.id = e.track_id
				WHERE t.program_id = ? AND e.status = 'ACTIVE'""").param(program).query(Long.class).single();
		if (inProgram >= programCapacity) {
			throw new HavenException("SCHEDULING_PROGRAM_FULL", Kind.CONFLICT,
					"the program is full (" + programCapacity + " active clients)");
		}
	}

	/**
	 * The enrollment must be this client's: otherwise (or for an unknown client) "not found", audited as a denial,
	 * before anything else is said. Then the write is decided like any other.
	 */
	private Current requireEnrollment(Actor actor, ClientId client, UUID enrollment) {
		requireClient(actor, client, Purpose.TREATMENT, AuditAction.UPDATE);
		Optional<Current> current = enrollment == null ? Optional.empty() : work.reading(actor.org(), () -> db.sql("""
				SELECT id, track_id, status, level_of_care, version FROM scheduling.enrollment
				WHERE id = ? AND client_id = ?""")
			.params(enrollment, client.value())
			.query((rs, n) -> new Current(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
					LevelOfCare.valueOf(rs.getString(4)), rs.getInt(5)))
			.optional());
		if (current.isEmpty()) {
			throw decisions.refuseUnknown(actor, client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.UPDATE,
					"enrollment");
		}
		requireWriter(actor, client, AuditAction.UPDATE, current.get().id());
		if (current.get().status().equals("DISCHARGED")) {
			throw new HavenException("SCHEDULING_ENROLLMENT_DISCHARGED", Kind.CONFLICT,
					"a discharged enrollment is closed; enroll the client again instead");
		}
		return current.get();
	}

	/**
	 * Scheduling keeps no client registry of its own and reads no other module's tables: the client must stand in a
	 * care relationship to the asker, or be enrollable by them through one (care team, program); otherwise the
	 * answer is "not found", audited, the same as for a client outside one's care.
	 */
	private void requireClient(Actor actor, ClientId client, Purpose purpose, AuditAction action) {
		// Organization-wide roles (billing, front desk, admin) are answered by the access decision itself: forbidden,
		// whether or not the client exists, so nothing is learnt either way.
		boolean organizationWide = actor.has(Role.BILLING) || actor.has(Role.FRONT_DESK) || actor.has(Role.ORG_ADMIN);
		if (!organizationWide && careTeams.relationship(actor.org(), actor.user(), client) == Relationship.NONE) {
			throw decisions.refuseUnknown(actor, client, DataCategory.GENERAL, purpose, action, "enrollment");
		}
	}

	private void requireWriter(Actor actor, ClientId client, AuditAction action, UUID resource) {
		requireClient(actor, client, Purpose.TREATMENT, action);
		if (!decisions.decide(actor, actor.org(), client, DataCategory.GENERAL, Purpose.TREATMENT).permitted()) {
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.TREATMENT, action, "enrollment",
					resource.toString());
		}
		if (!actor.has(Role.CLINICIAN) && !actor.has(Role.PROGRAM_DIRECTOR)) {
			audit.record(AuditEntry.of(actor.ref(), action, Purpose.TREATMENT)
				.org(actor.org())
				.client(client)
				.resource("enrollment", resource.toString())
				.detail("reason", "ROLE_MAY_NOT_WRITE")
				.outcome(AuditOutcome.DENIED)
				.build());
			throw new HavenException("SCHEDULING_ENROLLMENT_WRITE_NOT_ALLOWED", Kind.FORBIDDEN,
					"only the client's clinicians and the program director change enrollments");
		}
	}

	private static String reason(String reason, boolean required) {
		if (reason == null || reason.isBlank()) {
			if (required) {
				throw new HavenException("SCHEDULING_REASON_MISSING", Kind.BAD_REQUEST,
						"a change of level of care needs a reason");
			}
			return null;
		}
		if (reason.length() > 2000) {
			throw new HavenException("SCHEDULING_REASON_TOO_LONG", Kind.BAD_REQUEST, "a reason is at most 2000 characters");
		}
		return reason.strip();
	}

	private static FieldRef reasonField(UUID change) {
		return FieldRef.of("scheduling.enrollment_change", "reason", change);
	}

	private record Current(UUID id, UUID track, String status, LevelOfCare level, int version) {
	}

}
