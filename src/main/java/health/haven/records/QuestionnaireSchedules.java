package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Measurement-based care on a schedule: a clinician assigns the PHQ-9 or GAD-7 to a client every week or every two
 * weeks from a first due day; the client sees it due in the portal and fills it in there ({@link Measures#submit},
 * scored and escalated as always). What is due is computed from the schedule and the questionnaires actually taken, so
 * one filled in during a session counts too. Assigning is a change to the chart (the care team's clinicians and
 * program director); the schedule is read by them for treatment and by the client for themself, decided and audited.
 */
@Service
public class QuestionnaireSchedules {

	/** The two frequencies a program uses (weekly during the intensive phase, every two weeks when stepping down). */
	public static final List<Integer> FREQUENCIES = List.of(7, 14);

	private final JdbcClient db;

	private final TenantWork work;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	private final ZoneId zone = ZoneId.systemDefault();

	QuestionnaireSchedules(JdbcClient db, TenantWork work, AccessDecisions decisions, ChartAccess access) {
		this.db = db;
		this.work = work;
		this.decisions = decisions;
		this.access = access;
	}

	/**
	 * Assigns a questionnaire on a schedule, replacing the one in force for the same questionnaire (a new frequency
	 * or first day), in one transaction. The write is decided before the input is checked.
	 *
	 * @param category {@code GENERAL} (default) or {@code SUD_PART2}: the label the answers will carry
	 */
	public UUID assign(Actor actor, ClientId client, String instrument, Integer everyDays, LocalDate firstDue,
			String category) {
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.CREATE, "measure_assignment",
				client.toString());
		Instrument chosen = Instrument.named(instrument);
		if (everyDays == null || !FREQUENCIES.contains(everyDays)) {
			throw new HavenException("RECORDS_ASSIGNMENT_FREQUENCY_INVALID", Kind.BAD_REQUEST,
					"everyDays: a questionnaire is assigned every 7 or every 14 days");
		}
		LocalDate today = LocalDate.now(zone);
		if (firstDue == null || firstDue.isBefore(today) || firstDue.isAfter(today.plusDays(90))) {
			throw new HavenException("RECORDS_ASSIGNMENT_FIRST_DUE_INVALID", Kind.BAD_REQUEST,
					"firstDue: the first due day is today or a day in the next 90 days");
		}
		DataCategory label = ChartAccess.category(category, DataCategory.GENERAL);
		UUID id = UUID.randomUUID();
		work.inTransaction(actor.org(), () -> {
			decisions.enforce(actor, actor.org(), client, label, Purpose.TREATMENT, AuditAction.CREATE,
					"measure_assignment", id.toString());
			db.sql("""
					UPDATE records.measure_assignment SET ended_by = ?, ended_at = now()
					WHERE client_id = ? AND instrument = ? AND ended_at IS NULL""")
				.params(actor.user().value(), client.value(), chosen.panelLoinc())
				.update();
			db.sql("""
					INSERT INTO records.measure_assignment (id, org_id, client_id, instrument, category, every_days,
					                                        first_due, assigned_by)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(id, actor.org().value(), client.value(), chosen.panelLoinc(), label.name(), everyDays, firstDue,
						actor.user().value())
				.update();
		});
		return id;
	}

	/**
	 * Ends a schedule in force; one that is not (ended already, another client's, unknown) is "not found", for
	 * everyone, before anything else is decided.
	 */
	public void end(Actor actor, ClientId client, String assignment) {
		UUID id = uuid(assignment);
		boolean inForce = id != null && work.reading(actor.org(), () -> db.sql("""
				SELECT count(*) FROM records.measure_assignment WHERE id = ? AND client_id = ? AND ended_at IS NULL""")
			.params(id, client.value())
			.query(Long.class)
			.single() > 0);
		if (!inForce) {
			throw decisions.refuseUnknown(actor, client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.UPDATE,
					"measure_assignment");
		}
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.UPDATE, "measure_assignment",
				id.toString());
		int ended = work.inTransaction(actor.org(), () -> {
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.UPDATE,
					"measure_assignment", id.toString());
			return db.sql("""
					UPDATE records.measure_assignment SET ended_by = ?, ended_at = now()
					WHERE id = ? AND client_id = ? AND ended_at IS NULL""")
				.params(actor.user().value(), id, client.value())
				.update();
		});
		if (ended != 1) {
			throw new HavenException("RECORDS_ASSIGNMENT_ENDED", Kind.CONFLICT, "this schedule was ended meanwhile");
		}
	}

	/**
	 * The client's schedules in force and where each stands today: for the care team (TREATMENT) or the client
	 * themself (PATIENT_REQUEST). Decided and audited as one read of the client's general record; a Part 2 schedule
	 * is decided on its own and left out when not permitted.
	 */
	public List<QuestionnaireSchedule> of(Actor actor, ClientId client, Purpose purpose) {
		access.requireClient(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, "measure_assignment");
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ,
				"measure_assignment", client.toString());
		LocalDate today = LocalDate.now(zone);
		OrgId org = actor.org();
		return work.reading(org, () -> db.sql("""
				SELECT a.id, a.instrument, a.category, a.every_days, a.first_due,
				       (SELECT max(m.submitted_at) FROM records.measure m
				        WHERE m.client_id = a.client_id AND m.instrument = a.instrument AND m.category = a.category)
				FROM records.measure_assignment a WHERE a.client_id = ? AND a.ended_at IS NULL
				ORDER BY a.first_due, a.instrument""")
			.param(client.value())
			.query((rs, n) -> {
				Timestamp last = rs.getTimestamp(6);
				Instant lastTaken = last == null ? null : last.toInstant();
				return QuestionnaireSchedule.on(today, rs.getObject(1, UUID.class),
						Instrument.byPanel(rs.getString(2)), DataCategory.valueOf(rs.getString(3)), rs.getInt(4),
						rs.getObject(5, LocalDate.class), lastTaken,
						lastTaken == null ? null : lastTaken.atZone(zone).toLocalDate());
			})
			.list())
			.stream()
			.filter(schedule -> schedule.category() == DataCategory.GENERAL
					|| decisions.decide(actor, org, client, schedule.category(), purpose).permitted())
			.toList();
	}

	/** The schedule in force for one questionnaire, if any (decided and audited as {@link #of}). */
	public Optional<QuestionnaireSchedule> forInstrument(Actor actor, ClientId client, Instrument instrument,
			Purpose purpose) {
		return of(actor, client, purpose).stream().filter(schedule -> schedule.instrument() == instrument).findFirst();
	}

	private static UUID uuid(String value) {
		try {
			return value == null ? null : UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
