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
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A client's medications and allergies as recorded text, sealed under the client's key. One current entry per
 * client; an edit names the version it started from, so that two people editing at once cannot silently overwrite
 * each other.
 */
@Service
public class Medications {

	static final String TABLE = "records.medication_record";

	static final int MAX_LENGTH = 4000;

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	Medications(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, ChartAccess access) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.access = access;
	}

	/** What is recorded; version 0 with nothing in it when nothing is yet. */
	public MedicationRecord of(Actor actor, ClientId client, Purpose purpose) {
		access.requireClient(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, "medications");
		Optional<Row> row = work.reading(actor.org(), () -> db.sql("""
				SELECT medications, allergies, category, version, updated_at FROM records.medication_record
				WHERE client_id = ?""")
			.param(client.value())
			.query((rs, n) -> new Row(rs.getBytes(1), rs.getBytes(2), DataCategory.valueOf(rs.getString(3)),
					rs.getInt(4), rs.getTimestamp(5).toInstant()))
			.optional());
		DataCategory category = row.map(Row::category).orElse(DataCategory.GENERAL);
		decisions.enforce(actor, actor.org(), client, category, purpose, AuditAction.READ, "medications",
				client.toString());
		if (row.isEmpty()) {
			return new MedicationRecord(null, null, DataCategory.GENERAL, 0, null);
		}
		KeyScope key = KeyScope.client(actor.org(), client);
		return new MedicationRecord(cipher.openText(key, field("medications", client), row.get().medications()),
				cipher.openText(key, field("allergies", client), row.get().allergies()), category,
				row.get().version(), row.get().updatedAt());
	}

	/**
	 * Records medications and allergies, replacing what was there if nobody changed it since {@code basedOn}.
	 *
	 * @param category the label for a first entry ({@code GENERAL} when not given); kept on later edits
	 * @return the new version
	 */
	public int record(Actor actor, ClientId client, String medications, String allergies, int basedOn,
			String category) {
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.UPDATE, "medications",
				client.toString());
		String meds = text(medications);
		String allergyText = text(allergies);
		if (meds == null && allergyText == null) {
			throw new HavenException("RECORDS_MEDICATIONS_EMPTY", Kind.BAD_REQUEST,
					"record the medications, the allergies, or both (\"none known\" is an answer)");
		}
		Optional<Integer> current = work.reading(actor.org(), () -> db
			.sql("SELECT version FROM records.medication_record WHERE client_id = ?")
			.param(client.value())
			.query(Integer.class)
			.optional());
		if (current.orElse(0) != basedOn) {
			throw stale();
		}
		DataCategory label = current.isPresent() ? existingCategory(actor, client)
				: ChartAccess.category(category, DataCategory.GENERAL);
		decisions.enforce(actor, actor.org(), client, label, Purpose.TREATMENT,
				current.isPresent() ? AuditAction.UPDATE : AuditAction.CREATE, "medications", client.toString());
		KeyScope key = KeyScope.client(actor.org(), client);
		byte[] sealedMeds = cipher.sealText(key, field("medications", client), meds);
		byte[] sealedAllergies = cipher.sealText(key, field("allergies", client), allergyText);
		int changed = work.inTransaction(actor.org(), () -> current.isPresent() ? db.sql("""
				UPDATE records.medication_record SET medications = ?, allergies = ?, version = version + 1,
				updated_by = ?, updated_at = now() WHERE client_id = ? AND version = ?""")
			.params(sealedMeds, sealedAllergies, actor.user().value(), client.value(), basedOn)
			.update()
				: db.sql("""
						INSERT INTO records.medication_record (client_id, org_id, medications, allergies, category, version,
						updated_by) VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (client_id) DO NOTHING""")
					.params(client.value(), actor.org().value(), sealedMeds, sealedAllergies, label.name(),
							actor.user().value())
					.update());
		if (changed != 1) {
			throw stale();
		}
		return basedOn + 1;
	}

	private DataCategory existingCategory(Actor actor, ClientId client) {
		return work.reading(actor.org(), () -> DataCategory.valueOf(db
			.sql("SELECT category FROM records.medication_record WHERE client_id = ?")
			.param(client.value())
			.query(String.class)
			.single()));
	}

	private static String text(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.length() > MAX_LENGTH) {
			throw new HavenException("RECORDS_MEDICATIONS_TOO_LONG", Kind.BAD_REQUEST,
					"medications and allergies are limited to 4000 characters each");
		}
		return value.strip();
	}

	private static HavenException stale() {
		return new HavenException("RECORDS_MEDICATIONS_STALE", Kind.CONFLICT,
				"someone else changed the medications and allergies meanwhile; reload and make your change again");
	}

	private static FieldRef field(String column, ClientId client) {
		return FieldRef.of(TABLE, column, client.value());
	}

	private record Row(byte[] medications, byte[] allergies, DataCategory category, int version,
			java.time.Instant updatedAt) {
	}

}
