package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.records.internal.ChartState;
import health.haven.identity.Relationship;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Measurement-based care: PHQ-9 and GAD-7 questionnaires, scored by Haven, and the safety escalation of PHQ-9 item 9.
 *
 * <p>A questionnaire is submitted by the client themself (purpose PATIENT_REQUEST, through the portal) or by a member
 * of their care team (TREATMENT); both are decided by {@link AccessDecisions} for the questionnaire's data category
 * (GENERAL unless the client's program keeps Part 2 records). Answers are sealed under the client's key; totals,
 * bands and trends are computed after opening, so nothing derived from the answers is stored.
 *
 * <p>Any answer above 0 on PHQ-9 item 9 opens an urgent safety task for the care team in the same transaction as the
 * questionnaire (no questionnaire without its task), and from that commit every page a team member opens shows the
 * alert until someone on the team closes the task.
 */
@Service
public class Measures {

	static final Set<Purpose> SUBMIT_PURPOSES = Set.of(Purpose.TREATMENT, Purpose.PATIENT_REQUEST);

	static final Set<DataCategory> CATEGORIES = Set.of(DataCategory.GENERAL, DataCategory.SUD_PART2);

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	private final CareTeams careTeams;

	private final ApplicationEventPublisher events;

	private final ChartState state;

	Measures(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, AuditTrail audit,
			CareTeams careTeams, ApplicationEventPublisher events, ChartState state) {
		this.state = state;
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.audit = audit;
		this.careTeams = careTeams;
		this.events = events;
	}

	/**
	 * Records a completed questionnaire. The access decision comes first (a refusal is audited outside any write
	 * transaction, so its audit entry survives); then the answers are checked whole; then the questionnaire, its
	 * audit entry and any safety task are written together.
	 *
	 * @param instrument "PHQ-9" or "GAD-7" (or the panel's LOINC code)
	 */
	public Measure submit(Actor actor, ClientId client, String instrument, List<Integer> answers,
			DataCategory category, Purpose purpose) {
		requireExisting(actor, client, category, purpose, AuditAction.CREATE);
		if (!decisions.decide(actor, actor.org(), client, category, purpose).permitted()) {
			decisions.enforce(actor, actor.org(), client, category, purpose, AuditAction.CREATE, "measure",
					client.toString());
		}
		state.requireOpen(actor.org(), client);
		if (!SUBMIT_PURPOSES.contains(purpose)) {
			throw new HavenException("RECORDS_MEASURE_PURPOSE", Kind.FORBIDDEN,
					"questionnaires are submitted by the client or for their treatment");
		}
		if (!CATEGORIES.contains(category)) {
			throw new HavenException("RECORDS_MEASURE_CATEGORY", Kind.BAD_REQUEST,
					"a questionnaire is general or Part 2 (SUD) information");
		}
		Instrument chosen = Instrument.named(instrument);
		List<Integer> checked = chosen.check(answers);
		UUID id = UUID.randomUUID();
		OrgId org = actor.org();
		Instant now = Instant.now();
		Measure measure = Measure.of(id, client, chosen, category, checked, actor.user().value(), now);
		UUID task = work.inTransaction(org, () -> {
			decisions.enforce(actor, org, client, category, purpose, AuditAction.CREATE, "measure", id.toString());
			db.sql("""
					INSERT INTO records.measure (id, org_id, client_id, instrument, category, answers, submitted_by,
					                             purpose, submitted_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(id, org.value(), client.value(), chosen.panelLoinc(), category.name(),
						cipher.sealText(KeyScope.client(org, client), answersField(id), encode(checked)),
						actor.user().value(), purpose.name(), Timestamp.from(now))
				.update();
			return measure.safetyConcern() ? openTask(actor.ref(), org, client, id, purpose, now) : null;
		});
		if (task != null) {
			events.publishEvent(new SafetyTaskOpened(org, client, task, SafetyTask.PHQ9_ITEM9));
		}
		return measure;
	}

	/**
	 * Records a questionnaire taken at a past time, for trusted system callers only (the demo organization, imports):
	 * no access decision, the caller is the system and is audited as such; never reachable from a request. A PHQ-9
	 * with item 9 above 0 opens its safety task like any other.
	 */
	public UUID recordTaken(ActorRef by, OrgId org, ClientId client, Instrument instrument, List<Integer> answers,
			Instant at) {
		List<Integer> checked = instrument.check(answers);
		UUID id = UUID.randomUUID();
		UUID task = work.inTransaction(org, () -> {
			db.sql("""
					INSERT INTO records.measure (id, org_id, client_id, instrument, category, answers, submitted_by,
					                             purpose, submitted_at)
					VALUES (?, ?, ?, ?, 'GENERAL', ?, ?, ?, ?)""")
				.params(id, org.value(), client.value(), instrument.panelLoinc(),
						cipher.sealText(KeyScope.client(org, client), answersField(id), encode(checked)),
						new UUID(0, 0), Purpose.OPERATIONS.name(), Timestamp.from(at))
				.update();
			audit.record(AuditEntry.of(by, AuditAction.CREATE, Purpose.OPERATIONS)
				.org(org)
				.client(client)
				.resource("measure", id.toString())
				.detail("instrument", instrument.panelLoinc())
				.build());
			return instrument.raisesSafetyConcern(checked)
					? openTask(by, org, client, id, Purpose.OPERATIONS, at) : null;
		});
		if (task != null) {
			events.publishEvent(new SafetyTaskOpened(org, client, task, SafetyTask.PHQ9_ITEM9));
		}
		return id;
	}

	/** A client's questionnaires of one category, oldest first, with their totals and bands. */
	public List<Measure> history(Actor actor, ClientId client, DataCategory category, Purpose purpose) {
		requireExisting(actor, client, category, purpose, AuditAction.READ);
		decisions.enforce(actor, actor.org(), client, category, purpose, AuditAction.READ, "measure",
				client.toString());
		OrgId org = actor.org();
		return work.reading(org, () -> db.sql("""
				SELECT id, instrument, answers, submitted_by, submitted_at FROM records.measure
				WHERE client_id = ? AND category = ? ORDER BY submitted_at, id""")
			.params(client.value(), category.name())
			.query((rs, n) -> {
				UUID id = rs.getObject(1, UUID.class);
				List<Integer> answers = decode(
						cipher.openText(KeyScope.client(org, client), answersField(id), rs.getBytes(3)));
				return Measure.of(id, client, Instrument.byPanel(rs.getString(2)), category, answers,
						rs.getObject(4, UUID.class), rs.getTimestamp(5).toInstant());
			})
			.list());
	}

	/** The safety tasks still open for a client, oldest first; read like the rest of the client's general record. */
	public List<SafetyTask> openTasks(Actor actor, ClientId client, Purpose purpose) {
		requireExisting(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ);
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ, "safety_task",
				client.toString());
		return work.reading(actor.org(),
				() -> tasks("WHERE client_id = ? AND status = 'open' ORDER BY opened_at", client.value()));
	}

	/**
	 * Closes an open safety task of a client (the team member has followed it up). Only someone who may treat the
	 * client closes it; a task that is not open (closed meanwhile, or not this client's) is a conflict and changes
	 * nothing.
	 */
	public void closeTask(Actor actor, ClientId client, UUID task) {
		DataCategory category = DataCategory.GENERAL;
		Purpose purpose = Purpose.TREATMENT;
		requireExisting(actor, client, category, purpose, AuditAction.UPDATE);
		if (!decisions.decide(actor, actor.org(), client, category, purpose).permitted()) {
			decisions.enforce(actor, actor.org(), client, category, purpose, AuditAction.UPDATE, "safety_task",
					String.valueOf(task));
		}
		work.inTransaction(actor.org(), () -> {
			decisions.enforce(actor, actor.org(), client, category, purpose, AuditAction.UPDATE, "safety_task",
					String.valueOf(task));
			int closed = db.sql("""
					UPDATE records.safety_task SET status = 'closed', closed_by = ?, closed_at = now()
					WHERE id = ? AND client_id = ? AND status = 'open'""")
				.params(actor.user().value(), task, client.value())
				.update();
			if (closed != 1) {
				throw new HavenException("RECORDS_SAFETY_TASK_NOT_OPEN", Kind.CONFLICT,
						"that safety task is not open for this client (closed already, or unknown)");
			}
			// The permitted UPDATE entry enforce wrote above, in this transaction, is the record of the closing: it
			// commits only if the task was open and is now closed.
		});
	}

	/**
	 * The open safety tasks of every client this member of staff may treat: what their alert banner shows on every
	 * page. Only ids, the kind and the time leave here (no answers, no name), and only for clients whose general
	 * record the policy lets them see for treatment; opening the client's measures is what gets audited as a read.
	 */
	public List<SafetyTask> openTasksFor(Actor actor) {
		if (!actor.isStaff()) {
			return List.of();
		}
		UUID[] clients = careTeams.clientsOf(actor.org(), actor.user())
			.stream()
			.filter(client -> careTeams.relationship(actor.org(), actor.user(), client) != Relationship.SELF)
			.filter(client -> decisions.decide(actor, actor.org(), client, DataCategory.GENERAL, Purpose.TREATMENT)
				.permitted())
			.map(ClientId::value)
			.toArray(UUID[]::new);
		if (clients.length == 0) {
			return List.of();
		}
		return work.reading(actor.org(),
				() -> tasks("WHERE status = 'open' AND client_id = ANY (?) ORDER BY opened_at", (Object) clients));
	}

	private UUID openTask(ActorRef by, OrgId org, ClientId client, UUID measure, Purpose purpose, Instant at) {
		UUID task = UUID.randomUUID();
		db.sql("""
				INSERT INTO records.safety_task (id, org_id, client_id, kind, measure_id, opened_at)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(task, org.value(), client.value(), SafetyTask.PHQ9_ITEM9, measure, Timestamp.from(at))
			.update();
		audit.record(AuditEntry.of(by, AuditAction.CREATE, purpose)
			.org(org)
			.client(client)
			.resource("safety_task", task.toString())
			.detail("kind", SafetyTask.PHQ9_ITEM9)
			.detail("measure", measure.toString())
			.detail("urgent", "true")
			.build());
		return task;
	}

	private List<SafetyTask> tasks(String where, Object... params) {
		return db.sql("SELECT id, client_id, kind, measure_id, opened_at, status, closed_by, closed_at"
				+ " FROM records.safety_task " + where)
			.params(params)
			.query((rs, n) -> new SafetyTask(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)),
					rs.getString(3), rs.getObject(4, UUID.class), rs.getTimestamp(5).toInstant(), rs.getString(6),
					rs.getObject(7, UUID.class),
					rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()))
			.list();
	}

	/** A client unknown in the actor's organization is "not found", audited like one outside their care. */
	private void requireExisting(Actor actor, ClientId client, DataCategory category, Purpose purpose,
			AuditAction action) {
		if (!state.exists(actor.org(), client)) {
			throw decisions.refuseUnknown(actor, client, category, purpose, action, "measure");
		}
	}

	private static FieldRef answersField(UUID measure) {
		return FieldRef.of("records.measure", "answers", measure);
	}

	private static String encode(List<Integer> answers) {
		return answers.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

	private static List<Integer> decode(String answers) {
		return Arrays.stream(answers.split(",")).map(Integer::valueOf).toList();
	}

}
