package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.plan.PlanContent;
import health.haven.records.plan.PlanReview;
import health.haven.records.plan.TreatmentPlan;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Treatment plans: one current plan per client, every version kept sealed under the client's key, a review due every
 * 30 days, and the client's agreement recorded (by whom, when, how). Reads are decided and audited; only the care
 * team's clinicians and the program director write; the client may read their plan and agree to it in the portal.
 */
@Service
public class TreatmentPlans {

	static final String VERSIONS = "records.treatment_plan_version";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	private final ZoneId zone = ZoneId.systemDefault();

	TreatmentPlans(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, ChartAccess access) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.access = access;
	}

	/** The client's current plan, or empty when none is written yet (decided and audited either way). */
	public Optional<TreatmentPlan> of(Actor actor, ClientId client, Purpose purpose) {
		access.requireClient(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, "treatment-plan");
		Optional<Row> row = work.reading(actor.org(), () -> current(client));
		DataCategory category = row.map(Row::category).orElse(DataCategory.GENERAL);
		decisions.enforce(actor, actor.org(), client, category, purpose, AuditAction.READ, "treatment-plan",
				row.map(r -> r.id().toString()).orElse(client.toString()));
		return row.map(r -> open(actor, client, r));
	}

	/**
	 * Writes a new version of the plan (the first one when {@code basedOn} is 0). Checked whole before anything is
	 * written; refused when someone saved another version since {@code basedOn}.
	 *
	 * @param category the label of a new plan ({@code GENERAL} when not given); a plan keeps its label
	 * @return the new version
	 */
	public int save(Actor actor, ClientId client, PlanContent content, int basedOn, String category) {
		access.requireWriter(actor, client, DataCategory.GENERAL, basedOn == 0 ? AuditAction.CREATE
				: AuditAction.UPDATE, "treatment-plan", client.toString());
		Optional<Row> row = work.reading(actor.org(), () -> current(client));
		if (row.map(Row::version).orElse(0) != basedOn) {
			throw stale();
		}
		Optional<PlanContent> previous = row.map(r -> content(actor, client, r));
		PlanRules.check(content, previous.orElse(new PlanContent(null)), LocalDate.now(zone));
		DataCategory label = row.map(Row::category).orElseGet(() -> ChartAccess.category(category,
				DataCategory.GENERAL));
		UUID plan = row.map(Row::id).orElseGet(UUID::randomUUID);
		int version = basedOn + 1;
		decisions.enforce(actor, actor.org(), client, label, Purpose.TREATMENT,
				row.isEmpty() ? AuditAction.CREATE : AuditAction.UPDATE, "treatment-plan", plan.toString());
		UUID versionId = UUID.randomUUID();
		byte[] sealed = cipher.seal(KeyScope.client(actor.org(), client), FieldRef.of(VERSIONS, "content", versionId),
				JSON.writeValueAsBytes(content));
		work.inTransaction(actor.org(), () -> {
			int changed = row.isEmpty() ? db.sql("""
					INSERT INTO records.treatment_plan (id, org_id, client_id, category, version, created_by, updated_by)
					VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (client_id) DO NOTHING""")
				.params(plan, actor.org().value(), client.value(), label.name(), actor.user().value(),
						actor.user().value())
				.update()
					: db.sql("""
							UPDATE records.treatment_plan SET version = ?, updated_by = ?, updated_at = now()
							WHERE id = ? AND version = ?""")
						.params(version, actor.user().value(), plan, basedOn)
						.update();
			if (changed != 1) {
				throw stale();
			}
			db.sql("""
					INSERT INTO records.treatment_plan_version (id, org_id, plan_id, version, content, saved_by)
					VALUES (?, ?, ?, ?, ?, ?)""")
				.params(versionId, actor.org().value(), plan, version, sealed, actor.user().value())
				.update();
		});
		return version;
	}

	/** Records that the plan (this version of it) was reviewed today; the next review falls due 30 days on. */
	public void review(Actor actor, ClientId client, int version) {
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.UPDATE, "treatment-plan",
				client.toString());
		Row row = existing(actor, client, version);
		decisions.enforce(actor, actor.org(), client, row.category(), Purpose.TREATMENT, AuditAction.UPDATE,
				"treatment-plan", row.id().toString());
		work.inTransaction(actor.org(), () -> {
			if (db.sql("""
					UPDATE records.treatment_plan SET reviewed_by = ?, reviewed_at = now() WHERE id = ? AND version = ?""")
				.params(actor.user().value(), row.id(), version)
				.update() != 1) {
				throw stale();
			}
		});
	}

	/**
	 * Records the client's agreement to this version of the plan. A clinician records it as given in session, by the
	 * client or their guardian; a client signed in to the portal gives it themself.
	 */
	public void recordAgreement(Actor actor, ClientId client, int version, String agreedBy) {
		boolean portal = actor.has(Role.CLIENT) && !actor.isStaff();
		String by;
		if (portal) {
			access.requireClient(actor, client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST, AuditAction.UPDATE,
					"treatment-plan-agreement");
			Optional<Row> row = work.reading(actor.org(), () -> current(client));
			decisions.enforce(actor, actor.org(), client, row.map(Row::category).orElse(DataCategory.GENERAL),
					Purpose.PATIENT_REQUEST, AuditAction.UPDATE, "treatment-plan-agreement", client.toString());
			access.requireOpen(actor, client);
			by = "CLIENT";
		}
		else {
			access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.UPDATE, "treatment-plan-agreement",
					client.toString());
			by = agreedBy == null || agreedBy.isBlank() ? "" : agreedBy.strip().toUpperCase(Locale.ROOT);
			if (!by.equals("CLIENT") && !by.equals("GUARDIAN")) {
				throw new HavenException("RECORDS_PLAN_AGREEMENT_BY_INVALID", Kind.BAD_REQUEST,
						"say who agreed: the client or their guardian");
			}
		}
		Row row = existing(actor, client, version);
		if (!portal) {
			decisions.enforce(actor, actor.org(), client, row.category(), Purpose.TREATMENT, AuditAction.UPDATE,
					"treatment-plan-agreement", row.id().toString());
		}
		work.inTransaction(actor.org(), () -> {
			if (db.sql("""
					UPDATE records.treatment_plan SET agreed_version = version, agreed_by = ?, agreed_how = ?,
					agreed_at = now(), agreement_recorded_by = ? WHERE id = ? AND version = ?""")
				.params(by, portal ? "PORTAL" : "IN_SESSION", actor.user().value(), row.id(), version)
				.update() != 1) {
				throw stale();
			}
		});
	}

	private Row existing(Actor actor, ClientId client, int version) {
		Row row = work.reading(actor.org(), () -> current(client))
			.orElseThrow(() -> new HavenException("RECORDS_PLAN_NOT_STARTED", Kind.CONFLICT,
					"this client has no treatment plan yet; write one first"));
		if (row.version() != version) {
			throw stale();
		}
		return row;
	}

	private Optional<Row> current(ClientId client) {
		return db.sql("""
				SELECT p.id, p.category, p.version, p.created_at, p.updated_at, p.reviewed_at, p.agreed_version,
				p.agreed_by, p.agreed_how, p.agreed_at, v.id, v.content
				FROM records.treatment_plan p JOIN records.treatment_plan_version v ON v.plan_id = p.id AND v.version = p.version
				WHERE p.client_id = ?""").param(client.value()).query(TreatmentPlans::row).optional();
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		Integer agreed = rs.getObject(7, Integer.class);
		return new Row(rs.getObject(1, UUID.class), DataCategory.valueOf(rs.getString(2)), rs.getInt(3),
				instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)),
				agreed == null ? null
						: new TreatmentPlan.Agreement(agreed, rs.getString(8), rs.getString(9),
								instant(rs.getTimestamp(10))),
				rs.getObject(11, UUID.class), rs.getBytes(12));
	}

	private TreatmentPlan open(Actor actor, ClientId client, Row row) {
		Instant since = row.reviewedAt() != null ? row.reviewedAt() : row.createdAt();
		return new TreatmentPlan(row.id(), row.version(), row.category(), content(actor, client, row), row.createdAt(),
				row.updatedAt(), row.reviewedAt(), PlanReview.of(since.atZone(zone).toLocalDate(), LocalDate.now(zone)),
				row.agreement());
	}

	private PlanContent content(Actor actor, ClientId client, Row row) {
		byte[] json = cipher.open(KeyScope.client(actor.org(), client),
				FieldRef.of(VERSIONS, "content", row.versionId()), row.content());
		return JSON.readValue(json, PlanContent.class);
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private static HavenException stale() {
		return new HavenException("RECORDS_PLAN_STALE", Kind.CONFLICT,
				"the plan changed since you opened it (someone else saved it meanwhile); reload and make your change again");
	}

	private record Row(UUID id, DataCategory category, int version, Instant createdAt, Instant updatedAt,
			Instant reviewedAt, TreatmentPlan.Agreement agreement, UUID versionId, byte[] content) {
	}

}
