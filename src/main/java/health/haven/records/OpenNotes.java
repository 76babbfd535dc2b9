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
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Open notes (21st Century Cures Act, ONC-IB-03): a signed progress note is the client's to read in the portal from
 * the moment it is signed, with nothing to release by hand. Three things are never in it: drafts (not yet a record),
 * psychotherapy notes (45 CFR 164.501: outside the right of access and outside information blocking, so they are not
 * even counted) and a note a clinician withholds under a documented exception (ONC-IB-04), which the client sees
 * counted as "not shown", without its content. Part 2 notes are shown: the client is their subject, and a patient's
 * own access is not a disclosure.
 *
 * <p>The client reads for PATIENT_REQUEST, decided by {@link AccessDecisions} (only the client themself holds that
 * purpose) and audited before any note leaves; a note that is not theirs, not released or not there at all is the
 * same audited "not found". Withholding is a change to the record: the care team's clinicians and the program
 * director, for treatment.
 */
@Service
public class OpenNotes {

	static final int LONGEST_REASON = 2000;

	private static final Purpose CLIENT = Purpose.PATIENT_REQUEST;

	private static final String NOTE = "progress_note";

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	OpenNotes(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, ChartAccess access) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.access = access;
	}

	/** The client's released notes, without text, and the number withheld; decided and audited as one read. */
	public ReleasedNotes released(Actor actor, ClientId client) {
		access.requireClient(actor, client, DataCategory.GENERAL, CLIENT, AuditAction.READ, "progress_note_released");
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, CLIENT, AuditAction.READ,
				"progress_note_released", client.toString());
		List<Row> rows = work.reading(actor.org(), () -> rows("""
				WHERE n.client_id = ? AND n.signed_at IS NOT NULL AND n.category <> 'PSYCHOTHERAPY_NOTE'
				ORDER BY n.service_date DESC, n.signed_at DESC""", client.value()));
		List<ProgressNoteSummary> shown = new ArrayList<>();
		int withheld = 0;
		for (Row row : rows) {
			if (row.withheld()) {
				withheld++;
				continue;
			}
			if (row.category() != DataCategory.GENERAL) {
				decisions.enforce(actor, actor.org(), client, row.category(), CLIENT, AuditAction.READ, NOTE,
						row.id().toString());
			}
			shown.add(new ProgressNoteSummary(row.id(), row.author(), NoteKind.PROGRESS, row.template(),
					row.category(), row.serviceDate(), row.signedAt(), null, false));
		}
		return new ReleasedNotes(shown, withheld);
	}

	/**
	 * One released note with its text and addenda. Another client's note, a draft, a psychotherapy note, a withheld
	 * note and an id that names nothing all get the same audited "not found".
	 */
	public ReleasedNote releasedNote(Actor actor, ClientId client, String noteId) {
		access.requireClient(actor, client, DataCategory.GENERAL, CLIENT, AuditAction.READ, NOTE);
		UUID id = uuid(noteId);
		Optional<Row> found = id == null ? Optional.empty() : work.reading(actor.org(), () -> rows("""
				WHERE n.id = ? AND n.client_id = ? AND n.signed_at IS NOT NULL
				  AND n.category <> 'PSYCHOTHERAPY_NOTE'""", id, client.value()).stream().findFirst());
		if (found.isEmpty() || found.get().withheld()) {
			decisions.refuseUnknown(actor, client, DataCategory.GENERAL, CLIENT, AuditAction.READ, NOTE);
			throw notFound();
		}
		Row row = found.get();
		decisions.enforce(actor, actor.org(), client, row.category(), CLIENT, AuditAction.READ, NOTE,
				row.id().toString());
		KeyScope key = KeyScope.client(actor.org(), client);
		return work.reading(actor.org(), () -> {
			Map<String, String> sections = new LinkedHashMap<>();
			db.sql("SELECT section, body FROM records.progress_note_section WHERE note_id = ? ORDER BY position")
				.param(row.id())
				.query((rs, n) -> sections.put(rs.getString(1),
						cipher.openText(key, ProgressNotes.sectionField(rs.getString(1), row.id()), rs.getBytes(2))))
				.list();
			List<NoteAddendum> addenda = db.sql("""
					SELECT id, author_id, created_at, body FROM records.progress_note_addendum
					WHERE note_id = ? ORDER BY created_at, id""")
				.param(row.id())
				.query((rs, n) -> {
					UUID addendum = rs.getObject(1, UUID.class);
					return new NoteAddendum(addendum, new UserId(rs.getObject(2, UUID.class)),
							rs.getTimestamp(3).toInstant(),
							cipher.openText(key, ProgressNotes.addendumField(addendum), rs.getBytes(4)));
				})
				.list();
			ProgressNote note = new ProgressNote(row.id(), client, row.author(), NoteKind.PROGRESS, row.template(),
					row.category(), row.serviceDate(), false, 0, row.signedAt(), row.contentHash(), null, null, null,
					sections);
			return new ReleasedNote(note, addenda);
		});
	}

	/**
	 * Withholds one signed note from the client under a documented exception, with the facts that support it (both
	 * required). The write is decided before the input is checked; nothing is written unless all of it is acceptable.
	 */
	public UUID withhold(Actor actor, ClientId client, String noteId, String exception, String reason) {
		Row row = staffNote(actor, client, noteId, AuditAction.CREATE);
		WithholdingException chosen = WithholdingException.parse(exception);
		String facts = reason == null ? "" : reason.strip();
		if (facts.length() < 10 || facts.length() > LONGEST_REASON) {
			throw new HavenException("RECORDS_WITHHOLDING_REASON_MISSING", Kind.BAD_REQUEST,
					"reason: say why this exception applies to this note (10 to 2000 characters)");
		}
		if (row.signedAt() == null) {
			throw new HavenException("RECORDS_NOTE_NOT_SIGNED", Kind.CONFLICT,
					"a draft is not released to the client; only a signed note can be withheld");
		}
		if (row.category() == DataCategory.PSYCHOTHERAPY_NOTE) {
			throw new HavenException("RECORDS_WITHHOLDING_PSYCHOTHERAPY", Kind.CONFLICT,
					"psychotherapy notes are never released to the client; there is nothing to withhold");
		}
		UUID id = UUID.randomUUID();
		byte[] sealed = cipher.sealText(KeyScope.client(actor.org(), client), reasonField(id), facts);
		try {
			work.inTransaction(actor.org(), () -> {
				decisions.enforce(actor, actor.org(), client, row.category(), Purpose.TREATMENT, AuditAction.CREATE,
						"note_withholding", id.toString());
				db.sql("""
						INSERT INTO records.note_withholding (id, org_id, client_id, note_id, exception, reason, withheld_by)
						VALUES (?, ?, ?, ?, ?, ?, ?)""")
					.params(id, actor.org().value(), client.value(), row.id(), chosen.name(), sealed,
							actor.user().value())
					.update();
			});
		}
		catch (DuplicateKeyException ex) {
			throw new HavenException("RECORDS_NOTE_ALREADY_WITHHELD", Kind.CONFLICT,
					"this note is withheld already; release it first to record another exception");
		}
		return id;
	}

	/** Ends the withholding in force: the note is the client's to read from now on. */
	public void release(Actor actor, ClientId client, String noteId) {
		Row row = staffNote(actor, client, noteId, AuditAction.UPDATE);
		work.inTransaction(actor.org(), () -> {
			decisions.enforce(actor, actor.org(), client, row.category(), Purpose.TREATMENT, AuditAction.UPDATE,
					"note_withholding", row.id().toString());
			if (db.sql("""
					UPDATE records.note_withholding SET released_by = ?, released_at = now()
					WHERE note_id = ? AND released_at IS NULL""")
				.params(actor.user().value(), row.id())
				.update() != 1) {
				throw new HavenException("RECORDS_NOTE_NOT_WITHHELD", Kind.CONFLICT,
						"this note is not withheld (it was released meanwhile)");
			}
		});
	}

	/** The withholding in force on a note, for its clinicians' note page; decided and audited as a read. */
	public Optional<NoteWithholding> withholding(Actor actor, ClientId client, String noteId) {
		access.requireClient(actor, client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.READ,
				"note_withholding");
		UUID id = uuid(noteId);
		Optional<Row> row = id == null ? Optional.empty()
				: work.reading(actor.org(), () -> rows("WHERE n.id = ? AND n.client_id = ?", id, client.value())
					.stream()
					.findFirst());
		if (row.isEmpty()) {
			decisions.refuseUnknown(actor, client, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.READ,
					"note_withholding");
			throw notFound();
		}
		decisions.enforce(actor, actor.org(), client, row.get().category(), Purpose.TREATMENT,
				Optional.of(row.get().author()), AuditAction.READ, "note_withholding", id.toString());
		KeyScope key = KeyScope.client(actor.org(), client);
		return work.reading(actor.org(), () -> db.sql("""
				SELECT id, exception, reason, withheld_by, withheld_at FROM records.note_withholding
				WHERE note_id = ? AND released_at IS NULL""")
			.param(id)
			.query((rs, n) -> {
				UUID withholding = rs.getObject(1, UUID.class);
				return new NoteWithholding(withholding, id, WithholdingException.valueOf(rs.getString(2)),
						cipher.openText(key, reasonField(withholding), rs.getBytes(3)),
						new UserId(rs.getObject(4, UUID.class)), rs.getTimestamp(5).toInstant());
			})
			.optional());
	}

	/**
	 * A note of this client, decided for a chart change (clinicians and program director of the care team). The note
	 * is looked up first, so that an id naming nothing here is "not found" for everyone, as for every other item.
	 */
	private Row staffNote(Actor actor, ClientId client, String noteId, AuditAction action) {
		UUID id = uuid(noteId);
		Optional<Row> row = id == null ? Optional.empty()
				: work.reading(actor.org(), () -> rows("WHERE n.id = ? AND n.client_id = ?", id, client.value())
					.stream()
					.findFirst());
		// Someone else's psychotherapy note is not there for this person (as in ProgressNotes).
		if (row.isEmpty() || row.get().category() == DataCategory.PSYCHOTHERAPY_NOTE
				&& !row.get().author().equals(actor.user())) {
			decisions.refuseUnknown(actor, client, DataCategory.GENERAL, Purpose.TREATMENT, action,
					"note_withholding");
			throw notFound();
		}
		access.requireWriter(actor, client, DataCategory.GENERAL, action, "note_withholding", id.toString());
		return row.get();
	}

	private List<Row> rows(String where, Object... params) {
		return db.sql("""
				SELECT n.id, n.author_id, n.template, n.category, n.service_date, n.signed_at, n.content_hash,
				       EXISTS (SELECT 1 FROM records.note_withholding w WHERE w.note_id = n.id AND w.released_at IS NULL)
				FROM records.progress_note n\s""" + where)
			.params(params)
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), new UserId(rs.getObject(2, UUID.class)),
					NoteTemplate.valueOf(rs.getString(3)), DataCategory.valueOf(rs.getString(4)),
					rs.getObject(5, LocalDate.class), instant(rs.getTimestamp(6)), rs.getString(7), rs.getBoolean(8)))
			.list();
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private static UUID uuid(String value) {
		try {
			return value == null ? null : UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static FieldRef reasonField(UUID withholding) {
		return FieldRef.of("records.note_withholding", "reason", withholding);
	}

	private static HavenException notFound() {
		return new HavenException("RECORDS_NOTE_NOT_FOUND", Kind.NOT_FOUND, "no such note");
	}

	private record Row(UUID id, UserId author, NoteTemplate template, DataCategory category, LocalDate serviceDate,
			Instant signedAt, String contentHash, boolean withheld) {
	}

}
