package health.haven.records;

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
import health.haven.identity.Role;
import health.haven.records.plan.PlanContent;
import health.haven.records.plan.PlanReview;
import health.haven.records.plan.TreatmentPlan;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Treatment plans: one current plan per client, every version kept sealed under the client's key, a review due every
 * 30 days, and the client's agreement recorded (by whom, when, how): given in session and recorded by a clinician, or
 * e-signed by the client in the portal (typed name, time, source address, the version and its content hash; every
 * signature kept). Reads are decided and audited; only the care team's clinicians and the program director write.
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

	private final AuditTrail audit;

	private final ZoneId zone = ZoneId.systemDefault();

	TreatmentPlans(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, ChartAccess access,
			AuditTrail audit) {
		this.audit = audit;
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
	 * Records the client's agreement to this version of the plan, as given in session: a clinician records it, by the
	 * client or their guardian. A client signed in to the portal signs instead ({@link #sign}): their agreement is an
	 * e-signature, and a bare "I agree" from the API is refused for want of one.
	 */
	public void recordAgreement(Actor actor, ClientId client, int version, String agreedBy) {
		if (actor.has(Role.CLIENT) && !actor.isStaff()) {
			sign(actor, client, version, null, null, false);
			return;
		}
		// (A client's call ends in sign's refusal: no content hash, no typed name.)
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.UPDATE, "treatment-plan-agreement",
				client.toString());
		String by = agreedBy == null || agreedBy.isBlank() ? "" : agreedBy.strip().toUpperCase(Locale.ROOT);
		if (!by.equals("CLIENT") && !by.equals("GUARDIAN")) {
			throw new HavenException("RECORDS_PLAN_AGREEMENT_BY_INVALID", Kind.BAD_REQUEST,
					"say who agreed: the client or their guardian");
		}
		Row row = existing(actor, client, version);
		decisions.enforce(actor, actor.org(), client, row.category(), Purpose.TREATMENT, AuditAction.UPDATE,
				"treatment-plan-agreement", row.id().toString());
		work.inTransaction(actor.org(), () -> agreed(actor, row, version, by, "IN_SESSION"));
	}

	/**
	 * The client's e-signature of their plan, in the portal: their typed name, the time, the address the request came
	 * from and the exact version signed, named by its content hash. Only the version the client read can be signed:
	 * when the plan changed since (another version, or the same number with other words), the signature is refused as
	 * stale and nothing is written. The right to sign is decided (and a refusal audited) before the input is looked
	 * at; the signature and the plan's agreement are written together with their audit entry.
	 *
	 * @param contentSha256 the hash the client was shown with the plan ({@link TreatmentPlan#contentSha256()})
	 * @return the signature's id
	 */
	public UUID sign(Actor actor, ClientId client, int version, String contentSha256, String typedName,
			boolean agreed) {
		if (!actor.has(Role.CLIENT) || actor.isStaff()) {
			throw new HavenException("RECORDS_PLAN_SIGNATURE_CLIENT_ONLY", Kind.FORBIDDEN,
					"only the client signs their treatment plan; record an agreement given in session instead");
		}
		access.requireClient(actor, client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST, AuditAction.UPDATE,
				"treatment-plan-agreement");
		Optional<Row> current = work.reading(actor.org(), () -> current(client));
		DataCategory category = current.map(Row::category).orElse(DataCategory.GENERAL);
		if (!decisions.decide(actor, actor.org(), client, category, Purpose.PATIENT_REQUEST).permitted()) {
			decisions.enforce(actor, actor.org(), client, category, Purpose.PATIENT_REQUEST, AuditAction.UPDATE,
					"treatment-plan-agreement", client.toString());
		}
		access.requireOpen(actor, client);
		Row row = current.orElseThrow(() -> new HavenException("RECORDS_PLAN_NOT_STARTED", Kind.CONFLICT,
				"there is no treatment plan to sign yet"));
		if (contentSha256 == null || contentSha256.isBlank()) {
			throw refusedSignature(actor, client, row, new HavenException("RECORDS_PLAN_HASH_MISSING",
					Kind.BAD_REQUEST, "contentSha256: say which version of the plan you read (its content hash)"));
		}
		String hash = sha256(row);
		if (row.version() != version || !hash.equals(contentSha256.strip())) {
			throw refusedSignature(actor, client, row, stale());
		}
		String name = typedName == null ? "" : typedName.strip();
		if (name.length() < 2 || name.length() > 200) {
			throw refusedSignature(actor, client, row, new HavenException("RECORDS_PLAN_TYPED_NAME_MISSING",
					Kind.BAD_REQUEST, "typedName: type your full name to sign (2 to 200 characters)"));
		}
		if (!agreed) {
			throw refusedSignature(actor, client, row, new HavenException("RECORDS_PLAN_NOT_AGREED",
					Kind.BAD_REQUEST, "agreed: tick the box to say that you have read the plan and agree to it"));
		}
		UUID id = UUID.randomUUID();
		byte[] sealed = cipher.sealText(KeyScope.client(actor.org(), client),
				FieldRef.of("records.treatment_plan_signature", "typed_name", id), name);
		String address = actor.sourceAddress() == null ? "unknown" : actor.sourceAddress();
		work.inTransaction(actor.org(), () -> {
			try {
				db.sql("""
						INSERT INTO records.treatment_plan_signature (id, org_id, plan_id, client_id, version,
						content_sha256, typed_name, source_address, signed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
					.params(id, actor.org().value(), row.id(), client.value(), version, hash, sealed, address,
							actor.user().value())
					.update();
			}
			catch (DuplicateKeyException ex) {
				throw new HavenException("RECORDS_PLAN_ALREADY_SIGNED", Kind.CONFLICT,
						"you have already signed this version of your plan");
			}
			agreed(actor, row, version, "CLIENT", "PORTAL");
			// Decided again and audited in the signature's own transaction: the entry commits with the signature.
			decisions.enforce(actor, actor.org(), client, row.category(), Purpose.PATIENT_REQUEST, AuditAction.UPDATE,
					"treatment-plan-agreement", id.toString());
		});
		return id;
	}

	/** Marks the plan agreed at this version; a plan saved meanwhile (another version) is stale. */
	private void agreed(Actor actor, Row row, int version, String by, String how) {
		if (db.sql("""
				UPDATE records.treatment_plan SET agreed_version = version, agreed_by = ?, agreed_how = ?,
				agreed_at = now(), agreement_recorded_by = ? WHERE id = ? AND version = ?""")
			.params(by, how, actor.user().value(), row.id(), version)
			.update() != 1) {
			throw stale();
		}
	}

	private HavenException refusedSignature(Actor actor, ClientId client, Row row, HavenException reason) {
		audit.recordRefusal(AuditEntry.of(actor.ref(), AuditAction.UPDATE, Purpose.PATIENT_REQUEST)
			.org(actor.org())
			.client(client)
			.resource("treatment-plan-agreement", row.id().toString())
			.detail("category", row.category().name())
			.detail("reason", reason.code())
			.outcome(AuditOutcome.DENIED)
			.build());
		return reason;
	}

	/** SHA-256 (hex) of a version's content as stored (the canonical JSON the plan was sealed from). */
	private String sha256(Row row) {
		return sha256(content(row));
	}

	private static String sha256(byte[] canonical) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
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
				p.agreed_by, p.agreed_how, p.agreed_at, v.id, v.content, p.org_id, p.client_id
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
				rs.getObject(11, UUID.class), rs.getBytes(12), new OrgId(rs.getObject(13, UUID.class)),
				new ClientId(rs.getObject(14, UUID.class)));
	}

	private TreatmentPlan open(Actor actor, ClientId client, Row row) {
		Instant since = row.reviewedAt() != null ? row.reviewedAt() : row.createdAt();
		byte[] json = content(row);
		return new TreatmentPlan(row.id(), row.version(), row.category(), JSON.readValue(json, PlanContent.class),
				row.createdAt(), row.updatedAt(), row.reviewedAt(),
				PlanReview.of(since.atZone(zone).toLocalDate(), LocalDate.now(zone)), row.agreement(), sha256(json));
	}

	private PlanContent content(Actor actor, ClientId client, Row row) {
		return JSON.readValue(content(row), PlanContent.class);
	}

	/** The version's content as sealed: the canonical JSON its hash is taken of. */
	private byte[] content(Row row) {
		return cipher.open(KeyScope.client(row.org(), row.client()), FieldRef.of(VERSIONS, "content", row.versionId()),
				row.content());
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private static HavenException stale() {
		return new HavenException("RECORDS_PLAN_STALE", Kind.CONFLICT,
				"the plan changed since you opened it (someone else saved it meanwhile); reload and make your change again");
	}

	private record Row(UUID id, DataCategory category, int version, Instant createdAt, Instant updatedAt,
			Instant reviewedAt, TreatmentPlan.Agreement agreement, UUID versionId, byte[] content, OrgId org,
			ClientId client) {
	}

}
