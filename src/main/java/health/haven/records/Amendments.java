package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.records.internal.RequestQueue;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The right to amend (45 CFR 164.526, PRV-AM-01): a client asks for a correction (what, and why); a clinician or the
 * program director of the client's care team accepts or denies it, with a reason either way, within 60 days. The
 * request is kept as it was made and decided once; an accepted amendment is appended to the record (it goes into the
 * client's copy of the record) rather than silently rewriting what was signed. The client's and the clinician's
 * words are sealed under the client's key; every read and write is decided and audited by {@link AccessDecisions}.
 *
 * <p>Not yet: the one 30-day extension with its written reason, the client's statement of disagreement after a
 * denial and the notice to people the client names. The queue already shows what is overdue.
 */
@Service
public class Amendments {

	/** The time the rule gives to act on a request. */
	public static final Duration DUE_WITHIN = Duration.ofDays(60);

	static final int LONGEST_TEXT = 4000;

	private static final String REQUEST = "amendment_request";

	private final RequestQueue<Row> queue = new RequestQueue<>(REQUEST,
			"status = 'OPEN'", this::rows, Row::client, Row::id);

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	Amendments(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, ChartAccess access) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.access = access;
	}

	/**
	 * The client asks for an amendment of their own record. Decided before the input is checked (someone who may not
	 * ask learns nothing from a validation message), then written with its audit entry in one transaction.
	 */
	public UUID request(Actor actor, ClientId client, String what, String why) {
		UUID id = UUID.randomUUID();
		access.requireClient(actor, client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST, AuditAction.CREATE, REQUEST);
		if (!decisions.decide(actor, actor.org(), client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST).permitted()) {
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST,
					AuditAction.CREATE, REQUEST, id.toString());
		}
		String checkedWhat = text(what, "RECORDS_AMENDMENT_WHAT_MISSING", "say what in your record should change");
		String checkedWhy = text(why, "RECORDS_AMENDMENT_WHY_MISSING", "say why it should change");
		KeyScope key = KeyScope.client(actor.org(), client);
		work.inTransaction(actor.org(), () -> {
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST,
					AuditAction.CREATE, REQUEST, id.toString());
			db.sql("""
					INSERT INTO records.amendment_request (id, org_id, client_id, requested_by, requested_at, due_at,
					                                       what, why)
					VALUES (?, ?, ?, ?, now(), now() + interval '1440 hours', ?, ?)""")
				.params(id, actor.org().value(), client.value(), actor.user().value(),
						cipher.sealText(key, field("what", id), checkedWhat),
						cipher.sealText(key, field("why", id), checkedWhy))
				.update();
		});
		return id;
	}

	/**
	 * The client's amendment requests, newest first: the client's own (for {@code PATIENT_REQUEST}) or, for their care
	 * team, for treatment. Decided and audited as one read.
	 */
	public List<AmendmentRequest> ofClient(Actor actor, ClientId client, Purpose purpose) {
		access.requireClient(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, REQUEST);
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ,
				"amendment_requests", client.toString());
		return work.reading(actor.org(),
				() -> rows("WHERE client_id = ? ORDER BY requested_at DESC, id", client.value()))
			.stream()
			.map(row -> open(actor.org(), row))
			.toList();
	}

	/**
	 * One request of this client; "not found" (audited) when there is no such request of this client in the asker's
	 * organization, whoever asks, so that guessing ids tells nothing.
	 */
	public AmendmentRequest find(Actor actor, ClientId client, String requestId, Purpose purpose) {
		Row row = row(actor, client, requestId, purpose, AuditAction.READ);
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ, REQUEST,
				row.id().toString());
		return open(actor.org(), row);
	}

	/**
	 * Accepts or denies an open request, with the reason (required either way: a denial must say why, 164.526(d), and an
	 * acceptance says what was amended). Only a clinician or the program director of the client's care team; refused,
	 * changing nothing, when the request was decided meanwhile.
	 */
	public void decide(Actor actor, ClientId client, String requestId, boolean accept, String reason) {
		Row row = row(actor, client, requestId, Purpose.TREATMENT, AuditAction.UPDATE);
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.UPDATE, REQUEST, row.id().toString());
		String checked = text(reason, "RECORDS_AMENDMENT_REASON_MISSING",
				accept ? "say what was amended" : "say why the request is denied");
		KeyScope key = KeyScope.client(actor.org(), client);
		work.inTransaction(actor.org(), () -> {
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.UPDATE,
					REQUEST, row.id().toString());
			int changed = db.sql("""
					UPDATE records.amendment_request
					SET status = ?, decided_by = ?, decided_at = now(), decision_reason = ?
					WHERE id = ? AND status = 'OPEN'""")
				.params(accept ? "ACCEPTED" : "DENIED", actor.user().value(),
						cipher.sealText(key, field("decision_reason", row.id()), checked), row.id())
				.update();
			if (changed != 1) {
				throw new HavenException("RECORDS_AMENDMENT_ALREADY_DECIDED", Kind.CONFLICT,
						"this request has been decided already");
			}
		});
	}

	/**
	 * The open requests of the clients in the actor's care, soonest due first: the staff queue with its 60-day clock.
	 * Each one is decided and audited as a read; those the actor may not read are left out.
	 */
	public List<AmendmentRequest> openFor(Actor actor) {
		return queue.openFor(actor, decisions, work).stream().map(row -> open(actor.org(), row)).toList();
	}

	private Row row(Actor actor, ClientId client, String requestId, Purpose purpose, AuditAction action) {
		UUID id = uuid(requestId);
		Optional<Row> found = id == null ? Optional.empty()
				: work.reading(actor.org(), () -> rows("WHERE id = ? AND client_id = ?", id, client.value()).stream()
					.findFirst());
		if (found.isEmpty()) {
			throw decisions.refuseUnknown(actor, client, DataCategory.GENERAL, purpose, action, REQUEST);
		}
		return found.get();
	}

	private List<Row> rows(String where, Object... params) {
		return db.sql("""
				SELECT id, client_id, requested_by, requested_at, due_at, what, why, status, decided_by, decided_at,
				       decision_reason
				FROM records.amendment_request\s""" + where)
			.params(params)
			.query(Amendments::row)
			.list();
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		UUID decidedBy = rs.getObject(9, UUID.class);
		return new Row(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)),
				new UserId(rs.getObject(3, UUID.class)), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
				rs.getBytes(6), rs.getBytes(7), rs.getString(8), decidedBy == null ? null : new UserId(decidedBy),
				instant(rs.getTimestamp(10)), rs.getBytes(11));
	}

	private AmendmentRequest open(OrgId org, Row row) {
		KeyScope key = KeyScope.client(org, row.client());
		return new AmendmentRequest(row.id(), row.client(), row.requestedBy(), row.requestedAt(), row.dueAt(),
				cipher.openText(key, field("what", row.id()), row.what()),
				cipher.openText(key, field("why", row.id()), row.why()), row.status(), row.decidedBy(),
				row.decidedAt(), row.decisionReason() == null ? null
						: cipher.openText(key, field("decision_reason", row.id()), row.decisionReason()));
	}

	static String text(String value, String code, String explanation) {
		String stripped = value == null ? "" : value.strip();
		if (stripped.isEmpty()) {
			throw new HavenException(code, Kind.BAD_REQUEST, explanation);
		}
		if (stripped.length() > LONGEST_TEXT) {
			throw new HavenException("RECORDS_RIGHTS_TEXT_TOO_LONG", Kind.BAD_REQUEST,
					"please keep it under " + LONGEST_TEXT + " characters");
		}
		return stripped;
	}

	static UUID uuid(String id) {
		try {
			return id == null ? null : UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static Instant instant(Timestamp value) {
		return value == null ? null : value.toInstant();
	}

	private static FieldRef field(String column, UUID id) {
		return FieldRef.of("records.amendment_request", column, id);
	}

	private record Row(UUID id, ClientId client, UserId requestedBy, Instant requestedAt, Instant dueAt, byte[] what,
			byte[] why, String status, UserId decidedBy, Instant decidedAt, byte[] decisionReason) {
	}

}
