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
 * The right of access (45 CFR 164.524, PRV-AC-02): every request for a copy of the record is a row with the day it
 * was received and its due date 30 days later. A download from the portal ({@link RecordCopies}) is recorded as a
 * request fulfilled the moment it was made; a request for the care team to fulfil (records kept outside Haven, paper
 * from before the program, a format Haven does not produce) stays open, in the staff queue with the days left, until
 * a clinician or the program director marks it fulfilled and says how.
 *
 * <p>Not yet: the one 30-day extension with its written statement, fees (none for portal access) and sending a copy
 * to a third party the client names.
 */
@Service
public class AccessRequests {

	/** The time the rule gives to act on a request. */
	public static final Duration DUE_WITHIN = Duration.ofDays(30);

	private static final String REQUEST = "access_request";

	private final RequestQueue<Row> queue = new RequestQueue<>(REQUEST,
			"fulfilled_at IS NULL", this::rows, Row::client, Row::id);

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	AccessRequests(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, ChartAccess access) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.access = access;
	}

	/** A download made by the client, recorded as a request fulfilled at once; in the caller's transaction. */
	UUID fulfilledDownload(Actor actor, ClientId client, String format) {
		UUID id = UUID.randomUUID();
		db.sql("""
				INSERT INTO records.access_request (id, org_id, client_id, requested_by, requested_at, due_at, channel,
				                                    format, fulfilled_at, fulfilled_by)
				VALUES (?, ?, ?, ?, now(), now() + interval '720 hours', 'PORTAL_DOWNLOAD', ?, now(), ?)""")
			.params(id, actor.org().value(), client.value(), actor.user().value(), format, actor.user().value())
			.update();
		return id;
	}

	/** The client asks the care team for a copy of what the download cannot give them; due in 30 days. */
	public UUID request(Actor actor, ClientId client, String details) {
		UUID id = UUID.randomUUID();
		access.requireClient(actor, client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST, AuditAction.CREATE, REQUEST);
		if (!decisions.decide(actor, actor.org(), client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST).permitted()) {
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST,
					AuditAction.CREATE, REQUEST, id.toString());
		}
		String checked = Amendments.text(details, "RECORDS_ACCESS_REQUEST_DETAILS_MISSING",
				"say which records you would like a copy of");
		KeyScope key = KeyScope.client(actor.org(), client);
		work.inTransaction(actor.org(), () -> {
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST,
					AuditAction.CREATE, REQUEST, id.toString());
			db.sql("""
					INSERT INTO records.access_request (id, org_id, client_id, requested_by, requested_at, due_at,
					                                    channel, format, details)
					VALUES (?, ?, ?, ?, now(), now() + interval '720 hours', 'STAFF', 'OTHER', ?)""")
				.params(id, actor.org().value(), client.value(), actor.user().value(),
						cipher.sealText(key, field("details", id), checked))
				.update();
		});
		return id;
	}

	/** The client's requests, newest first; decided and audited as one read. */
	public List<AccessRequest> ofClient(Actor actor, ClientId client, Purpose purpose) {
		access.requireClient(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, REQUEST);
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ,
				"access_requests", client.toString());
		return work.reading(actor.org(), () -> rows("WHERE client_id = ? ORDER BY requested_at DESC, id",
				client.value()))
			.stream()
			.map(row -> open(actor.org(), row))
			.toList();
	}

	/**
	 * Marks an open request fulfilled, saying how (posted, handed over, sent securely). Only a clinician or the program
	 * director of the client's care team; a request that is not this client's is "not found" (audited) for anyone.
	 */
	public void fulfil(Actor actor, ClientId client, String requestId, String note) {
		UUID id = Amendments.uuid(requestId);
		Optional<Row> found = id == null ? Optional.empty()
				: work.reading(actor.org(), () -> rows("WHERE id = ? AND client_id = ?", id, client.value()).stream()
					.findFirst());
		if (found.isEmpty()) {
			throw decisions.refuseUnknown(actor, client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.UPDATE,
					REQUEST);
		}
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.UPDATE, REQUEST, id.toString());
		String checked = Amendments.text(note, "RECORDS_ACCESS_REQUEST_NOTE_MISSING",
				"say how the copy was provided");
		KeyScope key = KeyScope.client(actor.org(), client);
		work.inTransaction(actor.org(), () -> {
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.UPDATE,
					REQUEST, id.toString());
			int changed = db.sql("""
					UPDATE records.access_request SET fulfilled_at = now(), fulfilled_by = ?, fulfilment_note = ?
					WHERE id = ? AND fulfilled_at IS NULL""")
				.params(actor.user().value(), cipher.sealText(key, field("fulfilment_note", id), checked), id)
				.update();
			if (changed != 1) {
				throw new HavenException("RECORDS_ACCESS_REQUEST_ALREADY_FULFILLED", Kind.CONFLICT,
						"this request has been fulfilled already");
			}
		});
	}

	/**
	 * The open requests of the clients in the actor's care, soonest due first (the staff queue); each decided and
	 * audited as a read, those the actor may not read left out.
	 */
	public List<AccessRequest> openFor(Actor actor) {
		return queue.openFor(actor, decisions, work).stream().map(row -> open(actor.org(), row)).toList();
	}

	private List<Row> rows(String where, Object... params) {
		return db.sql("""
				SELECT id, client_id, requested_by, requested_at, due_at, channel, format, details, fulfilled_at,
				       fulfilled_by, fulfilment_note
				FROM records.access_request\s""" + where)
			.params(params)
			.query(AccessRequests::row)
			.list();
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		UUID fulfilledBy = rs.getObject(10, UUID.class);
		return new Row(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)),
				new UserId(rs.getObject(3, UUID.class)), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
				rs.getString(6), rs.getString(7), rs.getBytes(8), instant(rs.getTimestamp(9)),
				fulfilledBy == null ? null : new UserId(fulfilledBy), rs.getBytes(11));
	}

	private AccessRequest open(OrgId org, Row row) {
		KeyScope key = KeyScope.client(org, row.client());
		return new AccessRequest(row.id(), row.client(), row.requestedBy(), row.requestedAt(), row.dueAt(),
				row.channel(), row.format(),
				row.details() == null ? null : cipher.openText(key, field("details", row.id()), row.details()),
				row.fulfilledAt(), row.fulfilledBy(), row.fulfilmentNote() == null ? null
						: cipher.openText(key, field("fulfilment_note", row.id()), row.fulfilmentNote()));
	}

	private static Instant instant(Timestamp value) {
		return value == null ? null : value.toInstant();
	}

	private static FieldRef field(String column, UUID id) {
		return FieldRef.of("records.access_request", column, id);
	}

	private record Row(UUID id, ClientId client, UserId requestedBy, Instant requestedAt, Instant dueAt,
			String channel, String format, byte[] details, Instant fulfilledAt, UserId fulfilledBy,
			byte[] fulfilmentNote) {
	}

}
