package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A client's diagnoses, coded in ICD-10-CM from {@link DiagnosisCodes}. Code and onset are sealed under the client's
 * key; every read is decided and audited, every change audited; only the care team's clinicians and the program
 * director change them.
 */
@Service
public class Diagnoses {

	static final String TABLE = "records.diagnosis";

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	private final DiagnosisCodes codes;

	Diagnoses(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, ChartAccess access,
			DiagnosisCodes codes) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.access = access;
		this.codes = codes;
	}

	/**
	 * The client's diagnoses: primary first, then active, then resolved. Diagnoses labelled SUD_PART2 are shown only
	 * to someone who may see Part 2 records (decided and audited separately); the rest need GENERAL.
	 */
	public List<Diagnosis> of(Actor actor, ClientId client, Purpose purpose) {
		access.requireClient(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, "diagnoses");
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ, "diagnoses",
				client.toString());
		List<Row> rows = work.reading(actor.org(), () -> db.sql("""
				SELECT id, code, onset, status, is_primary, category, recorded_at FROM records.diagnosis
				WHERE client_id = ? ORDER BY recorded_at""")
			.param(client.value())
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getBytes(3), rs.getString(4),
					rs.getBoolean(5), DataCategory.valueOf(rs.getString(6)), rs.getTimestamp(7)))
			.list());
		boolean partTwo = rows.stream().anyMatch(row -> row.category() == DataCategory.SUD_PART2)
				&& decisions.decide(actor, actor.org(), client, DataCategory.SUD_PART2, purpose).permitted();
		if (partTwo) {
			decisions.enforce(actor, actor.org(), client, DataCategory.SUD_PART2, purpose, AuditAction.READ,
					"diagnoses", client.toString());
		}
		List<Diagnosis> shown = new ArrayList<>();
		for (Row row : rows) {
			if (row.category() == DataCategory.GENERAL || partTwo) {
				shown.add(open(actor.org(), client, row));
			}
		}
		shown.sort(Comparator.comparing((Diagnosis d) -> !d.primary()).thenComparing(d -> !d.active()));
		return shown;
	}

	/** Adds a diagnosis; checked whole before anything is written. A new primary diagnosis replaces the old one. */
	public UUID record(Actor actor, ClientId client, NewDiagnosis diagnosis) {
		UUID id = UUID.randomUUID();
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.CREATE, "diagnosis", id.toString());
		if (diagnosis == null) {
			throw new HavenException("RECORDS_DIAGNOSIS_CODE_MISSING", Kind.BAD_REQUEST,
					"a diagnosis needs an ICD-10-CM code");
		}
		String code = codes.require(diagnosis.code());
		LocalDate onset = diagnosis.onset();
		if (onset != null && (onset.isAfter(LocalDate.now()) || onset.isBefore(LocalDate.of(1900, 1, 1)))) {
			throw new HavenException("RECORDS_DIAGNOSIS_ONSET_INVALID", Kind.BAD_REQUEST,
					"the onset date must be between 1900 and today");
		}
		// Part 2 protects records of substance-use disorder treatment: unless told otherwise, label such codes so.
		DataCategory category = ChartAccess.category(diagnosis.category(),
				DiagnosisCodes.substanceUse(code) ? DataCategory.SUD_PART2 : DataCategory.GENERAL);
		decisions.enforce(actor, actor.org(), client, category, Purpose.TREATMENT, AuditAction.CREATE, "diagnosis",
				id.toString());
		KeyScope key = KeyScope.client(actor.org(), client);
		work.inTransaction(actor.org(), () -> {
			if (diagnosis.primary()) {
				clearPrimary(client);
			}
			db.sql("""
					INSERT INTO records.diagnosis (id, org_id, client_id, code, onset, status, is_primary, category,
					recorded_by) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)""")
				.params(id, actor.org().value(), client.value(), cipher.sealText(key, field("code", id), code),
						onset == null ? null : cipher.sealText(key, field("onset", id), onset.toString()),
						diagnosis.primary(), category.name(), actor.user().value())
				.update();
		});
		return id;
	}

	/**
	 * Resolves, reactivates or makes primary one of the client's diagnoses (void, don't delete: a resolved diagnosis
	 * stays on the chart). A resolved diagnosis cannot be primary.
	 */
	public void change(Actor actor, ClientId client, UUID diagnosis, String status, boolean primary) {
		String target = diagnosis == null ? "unknown" : diagnosis.toString();
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.UPDATE, "diagnosis", target);
		if (!"active".equals(status) && !"resolved".equals(status)) {
			throw new HavenException("RECORDS_DIAGNOSIS_STATUS_INVALID", Kind.BAD_REQUEST,
					"a diagnosis is either active or resolved");
		}
		if (primary && "resolved".equals(status)) {
			throw new HavenException("RECORDS_DIAGNOSIS_PRIMARY_RESOLVED", Kind.BAD_REQUEST,
					"a resolved diagnosis cannot be the primary one");
		}
		Optional<DataCategory> category = diagnosis == null ? Optional.empty()
				: work.reading(actor.org(), () -> db
					.sql("SELECT category FROM records.diagnosis WHERE id = ? AND client_id = ?")
					.params(diagnosis, client.value())
					.query(String.class)
					.optional()
					.map(DataCategory::valueOf));
		if (category.isEmpty()) {
			throw new HavenException("RECORDS_DIAGNOSIS_NOT_FOUND", Kind.BAD_REQUEST,
					"no such diagnosis on this client's chart");
		}
		decisions.enforce(actor, actor.org(), client, category.get(), Purpose.TREATMENT, AuditAction.UPDATE,
				"diagnosis", target);
		work.inTransaction(actor.org(), () -> {
			if (primary) {
				clearPrimary(client);
			}
			db.sql("UPDATE records.diagnosis SET status = ?, is_primary = ?, updated_at = now() WHERE id = ?")
				.params(status, primary, diagnosis)
				.update();
		});
	}

	private void clearPrimary(ClientId client) {
		db.sql("UPDATE records.diagnosis SET is_primary = false, updated_at = now() WHERE client_id = ? AND is_primary")
			.param(client.value())
			.update();
	}

	private Diagnosis open(OrgId org, ClientId client, Row row) {
		KeyScope key = KeyScope.client(org, client);
		String code = cipher.openText(key, field("code", row.id()), row.code());
		String onset = cipher.openText(key, field("onset", row.id()), row.onset());
		return new Diagnosis(row.id(), code, codes.title(code).orElse("(no longer in the code list)"),
				onset == null ? null : LocalDate.parse(onset), row.status(), row.primary(), row.category(),
				row.recordedAt().toInstant());
	}

	private static FieldRef field(String column, UUID id) {
		return FieldRef.of(TABLE, column, id);
	}

	private record Row(UUID id, byte[] code, byte[] onset, String status, boolean primary, DataCategory category,
			Timestamp recordedAt) {
	}

}
