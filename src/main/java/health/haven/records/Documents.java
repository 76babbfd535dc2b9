package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.records.internal.DocumentTypes;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Documents on a client's chart: PDFs and images (PNG, JPEG), their type judged from their bytes, sealed whole under
 * the client's key with their title. A refused upload stores nothing. Staff share a document with the client when it
 * is meant for them; the client (purpose PATIENT_REQUEST) lists and downloads only those, and any other id is the same
 * audited "not found".
 */
@Service
public class Documents {

	static final String TABLE = "records.document";

	static final int MAX_TITLE = 200;

	/** What a document is, as the clinic files it. */
	public static final Set<String> KINDS = Set.of("REFERRAL", "RELEASE", "LAB_RESULT", "ASSESSMENT", "CORRESPONDENCE",
			"OTHER");

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	Documents(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, ChartAccess access) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.access = access;
	}

	/**
	 * Adds a document. The write is decided before the file is looked at, so that someone outside the care team
	 * learns nothing from a validation message; then the bytes are sniffed and everything checked before anything is
	 * stored.
	 *
	 * @param kind one of {@link #KINDS} ({@code OTHER} when not given)
	 * @param category {@code GENERAL} (the default) or {@code SUD_PART2}
	 */
	public UUID upload(Actor actor, ClientId client, String title, String kind, String category, byte[] content) {
		UUID id = UUID.randomUUID();
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.CREATE, "document", id.toString());
		String contentType = DocumentTypes.check(content);
		String name = title(title);
		String filed = kind(kind);
		DataCategory label = ChartAccess.category(category, DataCategory.GENERAL);
		decisions.enforce(actor, actor.org(), client, label, Purpose.TREATMENT, AuditAction.CREATE, "document",
				id.toString());
		KeyScope key = KeyScope.client(actor.org(), client);
		byte[] sealedTitle = cipher.sealText(key, field("title", id), name);
		byte[] sealedContent = cipher.seal(key, field("content", id), content);
		work.inTransaction(actor.org(), () -> db.sql("""
				INSERT INTO records.document (id, org_id, client_id, title, kind, content_type, size_bytes, category,
				                              content, uploaded_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, actor.org().value(), client.value(), sealedTitle, filed, contentType, content.length,
					label.name(), sealedContent, actor.user().value())
			.update());
		return id;
	}

	/**
	 * The client's documents the actor may read, newest first, without their bytes. The list is audited as one read of
	 * the chart; each Part 2 document is decided and audited on its own and left out when not permitted.
	 */
	public List<DocumentSummary> of(Actor actor, ClientId client, Purpose purpose) {
		access.requireClient(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, "documents");
		List<Row> rows = work.reading(actor.org(), () -> db.sql("""
				SELECT d.id, d.title, d.kind, d.content_type, d.size_bytes, d.category, d.uploaded_by, d.uploaded_at,
				       s.shared_at
				FROM records.document d LEFT JOIN records.document_share s ON s.document_id = d.id
				WHERE d.client_id = ? AND (s.shared_at IS NOT NULL OR ?) ORDER BY d.uploaded_at DESC, d.id""")
			.params(client.value(), purpose != Purpose.PATIENT_REQUEST)
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3), rs.getString(4),
					rs.getInt(5), DataCategory.valueOf(rs.getString(6)), rs.getObject(7, UUID.class),
					rs.getTimestamp(8).toInstant(),
					rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()))
			.list());
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ, "documents",
				client.toString());
		KeyScope key = KeyScope.client(actor.org(), client);
		List<DocumentSummary> visible = new ArrayList<>();
		for (Row row : rows) {
			if (row.category() != DataCategory.GENERAL) {
				if (!decisions.decide(actor, actor.org(), client, row.category(), purpose).permitted()) {
					continue;
				}
				decisions.enforce(actor, actor.org(), client, row.category(), purpose, AuditAction.READ, "document",
						row.id().toString());
			}
			visible.add(new DocumentSummary(row.id(), cipher.openText(key, field("title", row.id()), row.title()),
					row.kind(), row.contentType(), row.size(), row.category(), row.uploadedBy(), row.uploadedAt(),
					row.sharedAt()));
		}
		return visible;
	}

	/**
	 * One document's opened bytes; a document that is not this client's (or malformed id) is "not found", and so, for
	 * the client themself, is one of theirs that staff have not shared with them.
	 */
	public DocumentFile download(Actor actor, ClientId client, String documentId, Purpose purpose) {
		access.requireClient(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, "document");
		UUID id = uuid(documentId);
		Optional<Stored> stored = id == null ? Optional.empty() : work.reading(actor.org(), () -> db.sql("""
				SELECT title, content_type, category, content FROM records.document d
				WHERE id = ? AND client_id = ?
				  AND (? OR EXISTS (SELECT 1 FROM records.document_share s WHERE s.document_id = d.id))""")
			.params(id, client.value(), purpose != Purpose.PATIENT_REQUEST)
			.query((rs, n) -> new Stored(rs.getBytes(1), rs.getString(2), DataCategory.valueOf(rs.getString(3)),
					rs.getBytes(4)))
			.optional());
		if (stored.isEmpty()) {
			throw decisions.refuseUnknown(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, "document");
		}
		decisions.enforce(actor, actor.org(), client, stored.get().category(), purpose, AuditAction.READ, "document",
				id.toString());
		KeyScope key = KeyScope.client(actor.org(), client);
		return new DocumentFile(id, cipher.openText(key, field("title", id), stored.get().title()),
				stored.get().contentType(), cipher.open(key, field("content", id), stored.get().content()));
	}

	/**
	 * Shares a chart document with the client: from now on they list and download it in the portal. A change to the
	 * chart (the care team's clinicians and program director); sharing twice changes nothing.
	 */
	public void share(Actor actor, ClientId client, String documentId) {
		UUID id = uuid(documentId);
		Optional<DataCategory> category = id == null ? Optional.empty() : work.reading(actor.org(), () -> db.sql(
				"SELECT category FROM records.document WHERE id = ? AND client_id = ?")
			.params(id, client.value())
			.query((rs, n) -> DataCategory.valueOf(rs.getString(1)))
			.optional());
		if (category.isEmpty()) {
			throw decisions.refuseUnknown(actor, client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.UPDATE,
					"document_share");
		}
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.UPDATE, "document_share", id.toString());
		work.inTransaction(actor.org(), () -> {
			decisions.enforce(actor, actor.org(), client, category.get(), Purpose.TREATMENT, AuditAction.UPDATE,
					"document_share", id.toString());
			db.sql("""
					INSERT INTO records.document_share (document_id, org_id, client_id, shared_by) VALUES (?, ?, ?, ?)
					ON CONFLICT (document_id) DO NOTHING""")
				.params(id, actor.org().value(), client.value(), actor.user().value())
				.update();
		});
	}

	private static String title(String value) {
		if (value == null || value.isBlank()) {
			throw new HavenException("RECORDS_DOCUMENT_TITLE_MISSING", Kind.BAD_REQUEST,
					"give the document a title, such as \"Referral letter from Dr. Lee\"");
		}
		if (value.strip().length() > MAX_TITLE) {
			throw new HavenException("RECORDS_DOCUMENT_TITLE_TOO_LONG", Kind.BAD_REQUEST,
					"a document's title is limited to 200 characters");
		}
		return value.strip();
	}

	private static String kind(String value) {
		if (value == null || value.isBlank()) {
			return "OTHER";
		}
		String kind = value.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
		if (!KINDS.contains(kind)) {
			throw new HavenException("RECORDS_DOCUMENT_KIND_INVALID", Kind.BAD_REQUEST,
					"the kind must be one of REFERRAL, RELEASE, LAB_RESULT, ASSESSMENT, CORRESPONDENCE, OTHER");
		}
		return kind;
	}

	private static UUID uuid(String value) {
		try {
			return value == null ? null : UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static FieldRef field(String column, UUID id) {
		return FieldRef.of(TABLE, column, id);
	}

	private record Row(UUID id, byte[] title, String kind, String contentType, int size, DataCategory category,
			UUID uploadedBy, Instant uploadedAt, Instant sharedAt) {
	}

	private record Stored(byte[] title, String contentType, DataCategory category, byte[] content) {
	}

}
