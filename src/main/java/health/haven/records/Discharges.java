package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.records.internal.ChartState;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Discharging a client: the reason, the date, a summary of the episode of care and the aftercare plan. From then on
 * the chart is read-only (see {@link ChartState}); the discharge itself is written once, never edited.
 */
@Service
public class Discharges {

	static final String TABLE = "records.discharge";

	static final int MAX_LENGTH = 8000;

	/** The reasons a clinic records, in the order the form offers them. */
	public static final List<String> REASONS = List.of("COMPLETED", "TRANSFERRED", "LEFT_AGAINST_ADVICE",
			"ADMINISTRATIVE", "OTHER");

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	private final ChartState state;

	Discharges(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, ChartAccess access,
			ChartState state) {
		this.state = state;
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.access = access;
	}

	/**
	 * Whether the client has been discharged: a status, for modules that keep a discharged client's items read-only
	 * (messaging). Callers ask only after their own access decision about the client, which is what is audited; this
	 * answer opens nothing and is not audited again.
	 */
	public boolean isDischarged(Actor actor, ClientId client) {
		return state.isDischarged(actor.org(), client);
	}

	/** The client's discharge, or "active" when there is none. */
	public Discharge of(Actor actor, ClientId client, Purpose purpose) {
		access.requireClient(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, "discharge");
		Optional<Row> row = work.reading(actor.org(), () -> db.sql("""
				SELECT reason, discharged_on, summary, aftercare, category, recorded_by, recorded_at
				FROM records.discharge WHERE client_id = ?""")
			.param(client.value())
			.query((rs, n) -> new Row(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getBytes(3),
					rs.getBytes(4), DataCategory.valueOf(rs.getString(5)), rs.getObject(6, UUID.class),
					rs.getTimestamp(7).toInstant()))
			.optional());
		decisions.enforce(actor, actor.org(), client, row.map(Row::category).orElse(DataCategory.GENERAL), purpose,
				AuditAction.READ, "discharge", client.toString());
		if (row.isEmpty()) {
			return Discharge.active();
		}
		KeyScope key = KeyScope.client(actor.org(), client);
		Row found = row.get();
		return new Discharge("discharged", found.reason(), found.dischargedOn(),
				cipher.openText(key, field("summary", client), found.summary()),
				cipher.openText(key, field("aftercare", client), found.aftercare()), found.category(),
				found.recordedBy(), found.recordedAt());
	}

	/**
	 * Discharges the client: the discharge is written and the client's status turns "discharged" in one transaction.
	 * A second discharge is refused like any other change to a discharged chart.
	 */
	public void discharge(Actor actor, ClientId client, NewDischarge discharge) {
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.CREATE, "discharge", client.toString());
		String reason = reason(discharge.reason());
		LocalDate on = date(discharge.dischargedOn());
		String summary = text(discharge.summary(), "RECORDS_DISCHARGE_SUMMARY_MISSING",
				"write a discharge summary: the course of treatment and the client's condition at discharge");
		String aftercare = text(discharge.aftercarePlan(), "RECORDS_DISCHARGE_AFTERCARE_MISSING",
				"write the aftercare plan: referrals, appointments, supports and what to do in a crisis");
		DataCategory label = ChartAccess.category(discharge.category(), DataCategory.GENERAL);
		decisions.enforce(actor, actor.org(), client, label, Purpose.TREATMENT, AuditAction.CREATE, "discharge",
				client.toString());
		KeyScope key = KeyScope.client(actor.org(), client);
		byte[] sealedSummary = cipher.sealText(key, field("summary", client), summary);
		byte[] sealedAftercare = cipher.sealText(key, field("aftercare", client), aftercare);
		work.inTransaction(actor.org(), () -> {
			int changed = db.sql("UPDATE records.client SET status = 'discharged' WHERE id = ? AND status = 'active'")
				.param(client.value())
				.update();
			if (changed != 1) {
				// Discharged meanwhile by someone else: the chart is already closed.
				throw ChartState.discharged();
			}
			state.dischargedNow(actor.org(), client);
			db.sql("""
					INSERT INTO records.discharge (client_id, org_id, reason, discharged_on, summary, aftercare, category,
					                               recorded_by)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(client.value(), actor.org().value(), reason, on, sealedSummary, sealedAftercare, label.name(),
						actor.user().value())
				.update();
		});
	}

	private static String reason(String value) {
		String reason = value == null ? "" : value.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
		if (!REASONS.contains(reason)) {
			throw new HavenException("RECORDS_DISCHARGE_REASON_INVALID", Kind.BAD_REQUEST,
					"the reason must be one of: completed, transferred, left against advice, administrative, other");
		}
		return reason;
	}

	private static LocalDate date(LocalDate value) {
		if (value == null) {
			throw new HavenException("RECORDS_DISCHARGE_DATE_MISSING", Kind.BAD_REQUEST,
					"give the date of discharge");
		}
		if (value.isAfter(LocalDate.now(ZoneOffset.UTC).plusDays(1))) {
			throw new HavenException("RECORDS_DISCHARGE_DATE_INVALID", Kind.BAD_REQUEST,
					"the date of discharge cannot be in the future");
		}
		return value;
	}

	private static String text(String value, String code, String explanation) {
		if (value == null || value.isBlank()) {
			throw new HavenException(code, Kind.BAD_REQUEST, explanation);
		}
		if (value.length() > MAX_LENGTH) {
			throw new HavenException("RECORDS_DISCHARGE_TOO_LONG", Kind.BAD_REQUEST,
					"the summary and the aftercare plan are limited to 8000 characters each");
		}
		return value.strip();
	}

	private static FieldRef field(String column, ClientId client) {
		return FieldRef.of(TABLE, column, client.value());
	}

	private record Row(String reason, LocalDate dischargedOn, byte[] summary, byte[] aftercare, DataCategory category,
			UUID recordedBy, java.time.Instant recordedAt) {
	}

}
