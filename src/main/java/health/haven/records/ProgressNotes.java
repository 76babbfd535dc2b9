package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.internal.ChartState;
import health.haven.records.internal.NoteContent;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Progress notes of individual sessions: written as drafts, signed (locked, with a content hash), then only added to.
 * Every section and addendum is sealed under the client's key. Each access is decided and audited by
 * {@link AccessDecisions} for the note's data category; psychotherapy notes are their author's alone, and to anyone
 * else they do not exist (not found rather than forbidden, so their existence is not disclosed either).
 *
 * <p>Decisions run outside the database transactions so that a denial's audit entry survives the failed request.
 * Rows are read under row-level security; a note not visible, or not of this client, is "not found".
 */
@Service
public class ProgressNotes {

	/**
	 * A note signed more than this after the end of the day of service is flagged as a late entry. Measured in UTC:
	 * organizations have no time zone yet, so a note for an evening session may count a few hours early or late.
	 */
	public static final Duration LATE_AFTER = Duration.ofHours(24);

	/** Notes are written and read for treatment only; other purposes (payment, disclosure) come with exports. */
	private static final Purpose PURPOSE = Purpose.TREATMENT;

	private static final String NOTE = "progress_note";

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final ChartState state;

	ProgressNotes(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, ChartState state) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.state = state;
	}

	/** Starts a draft by the actor; checked whole, after deciding that the actor may write in this record. */
	public UUID create(Actor actor, ClientId client, NewProgressNote note) {
		requireKnown(actor, client, AuditAction.CREATE);
		requireChart(actor, client, AuditAction.CREATE, NOTE);
		state.requireOpen(actor.org(), client);
		NoteTemplate template = NoteTemplate.parse(note.template());
		if (template == NoteTemplate.GROUP) {
			throw new HavenException("RECORDS_NOTE_TEMPLATE_GROUP_ONLY", Kind.BAD_REQUEST,
					"a GROUP note is written for the whole group at once, as a group note");
		}
		NoteKind kind = NoteKind.parse(note.kind());
		DataCategory category = category(kind, note.category());
		LocalDate serviceDate = NoteContent.serviceDate(note.serviceDate(), LocalDate.now(ZoneOffset.UTC));
		Map<String, String> sections = NoteContent.sections(template, note.sections());
		UUID id = UUID.randomUUID();
		decisions.enforce(actor, actor.org(), client, category, PURPOSE, Optional.of(actor.user()), AuditAction.CREATE,
				NOTE, id.toString());
		work.inTransaction(actor.org(), () -> insert(actor, client, id, kind, template, category, serviceDate,
				note.trainee(), sections));
		return id;
	}

	/**
	 * Writes a checked note, decided already by the caller, inside the caller's transaction: {@link #create} and
	 * {@link GroupNotes}, which writes all attendees' notes of a group session in one transaction or none.
	 */
	void insert(Actor actor, ClientId client, UUID id, NoteKind kind, NoteTemplate template, DataCategory category,
			LocalDate serviceDate, boolean trainee, Map<String, String> sections) {
		KeyScope key = KeyScope.client(actor.org(), client);
		db.sql("""
				INSERT INTO records.progress_note
				    (id, org_id, client_id, author_id, kind, template, category, service_date, trainee)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, actor.org().value(), client.value(), actor.user().value(), kind.name(), template.name(),
					category.name(), serviceDate, trainee)
			.update();
		int position = 0;
		for (Map.Entry<String, String> section : sections.entrySet()) {
			db.sql("""
					INSERT INTO records.progress_note_section (note_id, org_id, section, position, body)
					VALUES (?, ?, ?, ?, ?)""")
				.params(id, actor.org().value(), section.getKey(), position++,
						cipher.sealText(key, sectionField(section.getKey(), id), section.getValue()))
				.update();
		}
	}

	/**
	 * The client's notes the actor may read, newest service date first, without their text. The list is audited as
	 * one read of the record; every Part 2 or psychotherapy note listed is audited on its own.
	 */
	public List<ProgressNoteSummary> list(Actor actor, ClientId client) {
		requireKnown(actor, client, AuditAction.READ);
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, PURPOSE, AuditAction.READ,
				"progress_note_list", client.toString());
		List<Row> rows = work.reading(actor.org(),
				() -> rows("WHERE client_id = ? ORDER BY service_date DESC, created_at DESC", client.value()));
		List<ProgressNoteSummary> visible = new ArrayList<>();
		for (Row row : rows) {
			if (row.category() != DataCategory.GENERAL) {
				if (!decisions.decide(actor, actor.org(), client, row.category(), PURPOSE, Optional.of(row.author()))
					.permitted()) {
					continue;
				}
				decisions.enforce(actor, actor.org(), client, row.category(), PURPOSE, Optional.of(row.author()),
						AuditAction.READ, NOTE, row.id().toString());
			}
			visible.add(new ProgressNoteSummary(row.id(), row.author(), row.kind(), row.template(), row.category(),
					row.serviceDate(), row.signedAt(), row.lateEntry(), row.awaitingCosignature()));
		}
		return visible;
	}

	/**
	 * The client's latest notes with their text, newest service date first, for the chart summary: at most
	 * {@code limit} of those the actor may read for this purpose. Psychotherapy notes are kept apart from the chart
	 * and never listed here. General notes are decided and audited as one read of the recent notes; each Part 2 note is
	 * decided and audited on its own, and left out when not permitted.
	 */
	public List<ProgressNote> recent(Actor actor, ClientId client, Purpose purpose, int limit) {
		if (limit < 1 || limit > 20) {
			throw new IllegalArgumentException("between 1 and 20 recent notes");
		}
		requireKnown(actor, client, AuditAction.READ);
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ,
				"progress_note_recent", client.toString());
		List<Row> candidates = work.reading(actor.org(), () -> rows("""
				WHERE client_id = ? AND category <> 'PSYCHOTHERAPY_NOTE'
				ORDER BY service_date DESC, created_at DESC LIMIT ?""", client.value(), limit));
		List<Row> readable = new ArrayList<>();
		for (Row row : candidates) {
			if (row.category() != DataCategory.GENERAL) {
				if (!decisions.decide(actor, actor.org(), client, row.category(), purpose, Optional.of(row.author()))
					.permitted()) {
					continue;
				}
				decisions.enforce(actor, actor.org(), client, row.category(), purpose, Optional.of(row.author()),
						AuditAction.READ, NOTE, row.id().toString());
			}
			readable.add(row);
		}
		if (readable.isEmpty()) {
			return List.of();
		}
		Map<UUID, Map<String, String>> sections = work.reading(actor.org(), () -> sections(actor.org(), client,
				readable.stream().map(Row::id).toArray(UUID[]::new)));
		return readable.stream()
			.map(row -> new ProgressNote(row.id(), client, row.author(), row.kind(), row.template(), row.category(),
					row.serviceDate(), row.trainee(), row.version(), row.signedAt(), row.contentHash(),
					row.lateEntry(), row.cosignedAt(), row.cosignedBy(),
					sections.getOrDefault(row.id(), Map.of())))
			.toList();
	}

	/**
	 * Every signed note of the client's designated record set with its text and addenda, oldest first, for the client's
	 * copy of their record (45 CFR 164.524). Psychotherapy notes are left out in the query itself, whoever asks: they
	 * are not part of the designated record set, and the right of access excludes them by name. Drafts are not yet
	 * part of the record. General notes are decided and audited as one read; each Part 2 note on its own.
	 */
	List<CopiedNote> signedForCopy(Actor actor, ClientId client, Purpose purpose) {
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ,
				"progress_note_copy", client.toString());
		List<Row> candidates = work.reading(actor.org(), () -> rows("""
				WHERE client_id = ? AND signed_at IS NOT NULL
				  AND kind <> 'PSYCHOTHERAPY' AND category <> 'PSYCHOTHERAPY_NOTE'
				ORDER BY service_date, created_at""", client.value()));
		List<Row> readable = new ArrayList<>();
		for (Row row : candidates) {
			if (row.category() != DataCategory.GENERAL) {
				if (!decisions.decide(actor, actor.org(), client, row.category(), purpose, Optional.of(row.author()))
					.permitted()) {
					continue;
				}
				decisions.enforce(actor, actor.org(), client, row.category(), purpose, Optional.of(row.author()),
						AuditAction.READ, NOTE, row.id().toString());
			}
			readable.add(row);
		}
		if (readable.isEmpty()) {
			return List.of();
		}
		UUID[] ids = readable.stream().map(Row::id).toArray(UUID[]::new);
		KeyScope key = KeyScope.client(actor.org(), client);
		return work.reading(actor.org(), () -> {
			Map<UUID, Map<String, String>> sections = sections(actor.org(), client, ids);
			Map<UUID, List<String>> addenda = new LinkedHashMap<>();
			db.sql("""
					SELECT id, note_id, body FROM records.progress_note_addendum
					WHERE note_id = ANY (?) ORDER BY created_at, id""")
				.param(ids)
				.query((rs, n) -> addenda.computeIfAbsent(rs.getObject(2, UUID.class), note -> new ArrayList<>())
					.add(cipher.openText(key, addendumField(rs.getObject(1, UUID.class)), rs.getBytes(3))))
				.list();
			return readable.stream()
				.map(row -> new CopiedNote(row.id(), row.author(), row.template(), row.category(), row.serviceDate(),
						row.signedAt(), sections.getOrDefault(row.id(), Map.of()),
						addenda.getOrDefault(row.id(), List.of())))
				.toList();
		});
	}

	/** A signed note as it goes into the client's copy of their record. */
	record CopiedNote(UUID id, UserId author, NoteTemplate template, DataCategory category,
			@Phi LocalDate serviceDate, Instant signedAt, @Phi Map<String, String> sections,
			@Phi List<String> addenda) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	/** One note with its text, if the actor may read it; "not found" otherwise. */
	public ProgressNote find(Actor actor, ClientId client, String noteId) {
		Row row = row(actor, client, noteId, AuditAction.READ);
		try {
			decisions.enforce(actor, actor.org(), client, row.category(), PURPOSE, Optional.of(row.author()),
					AuditAction.READ, NOTE, row.id().toString());
		}
		catch (HavenException ex) {
			throw hidden(row, ex);
		}
		Map<String, String> sections = work.reading(actor.org(), () -> sections(actor.org(), row));
		return new ProgressNote(row.id(), client, row.author(), row.kind(), row.template(), row.category(),
				row.serviceDate(), row.trainee(), row.version(), row.signedAt(), row.contentHash(), row.lateEntry(),
				row.cosignedAt(), row.cosignedBy(), sections);
	}

	/** The addenda of a note the actor may read, oldest first. */
	public List<NoteAddendum> addenda(Actor actor, ClientId client, String noteId) {
		Row row = row(actor, client, noteId, AuditAction.READ);
		try {
			decisions.enforce(actor, actor.org(), client, row.category(), PURPOSE, Optional.of(row.author()),
					AuditAction.READ, "progress_note_addendum", row.id().toString());
		}
		catch (HavenException ex) {
			throw hidden(row, ex);
		}
		KeyScope key = KeyScope.client(actor.org(), client);
		return work.reading(actor.org(), () -> db.sql("""
				SELECT id, author_id, created_at, body FROM records.progress_note_addendum
				WHERE note_id = ? ORDER BY created_at, id""")
			.param(row.id())
			.query((rs, n) -> {
				UUID id = rs.getObject(1, UUID.class);
				return new NoteAddendum(id, new UserId(rs.getObject(2, UUID.class)), rs.getTimestamp(3).toInstant(),
						cipher.openText(key, addendumField(id), rs.getBytes(4)));
			})
			.list());
	}

	/**
	 * Saves a changed draft by its author and returns its new version. Refused, changing nothing, when the note is
	 * signed or was saved meanwhile from another version.
	 */
	public int saveDraft(Actor actor, ClientId client, String noteId, NoteEdit edit) {
		Row row = writable(actor, client, noteId, NOTE);
		if (edit.version() == null) {
			throw new HavenException("RECORDS_NOTE_VERSION_MISSING", Kind.BAD_REQUEST,
					"say which version of the draft you edited");
		}
		LocalDate serviceDate = NoteContent.serviceDate(edit.serviceDate(), LocalDate.now(ZoneOffset.UTC));
		Map<String, String> sections = NoteContent.sections(row.template(), edit.sections());
		KeyScope key = KeyScope.client(actor.org(), client);
		return work.inTransaction(actor.org(), () -> {
			int changed = db.sql("""
					UPDATE records.progress_note SET version = version + 1, service_date = ?, updated_at = now()
					WHERE id = ? AND version = ? AND signed_at IS NULL""")
				.params(serviceDate, row.id(), edit.version())
				.update();
			if (changed == 0) {
				throw lostRace(actor.org(), row.id());
			}
			for (Map.Entry<String, String> section : sections.entrySet()) {
				db.sql("UPDATE records.progress_note_section SET body = ? WHERE note_id = ? AND section = ?")
					.params(cipher.sealText(key, sectionField(section.getKey(), row.id()), section.getValue()),
							row.id(), section.getKey())
					.update();
			}
			return edit.version() + 1;
		});
	}

	/**
	 * Signs the draft as its author saw it (the version) and locks it: the content hash is kept and the note is
	 * flagged as a late entry when signed more than {@link #LATE_AFTER} after the day of service.
	 */
	public void sign(Actor actor, ClientId client, String noteId, Integer version) {
		Row row = writable(actor, client, noteId, "progress_note_signature");
		if (version == null) {
			throw new HavenException("RECORDS_NOTE_VERSION_MISSING", Kind.BAD_REQUEST,
					"say which version of the draft you are signing");
		}
		work.inTransaction(actor.org(), () -> {
			Map<String, String> sections = sections(actor.org(), row);
			String hash = NoteContent.hash(row.template(), row.kind().name(), row.category().name(), row.serviceDate(),
					sections);
			int changed = db.sql("""
					UPDATE records.progress_note SET signed_at = now(), content_hash = ?,
					    late_entry = now() > (service_date + 1)::timestamp AT TIME ZONE 'UTC' + make_interval(secs => ?)
					WHERE id = ? AND version = ? AND signed_at IS NULL""")
				.params(hash, (double) LATE_AFTER.toSeconds(), row.id(), version)
				.update();
			if (changed == 0) {
				throw lostRace(actor.org(), row.id());
			}
		});
	}

	/** Adds an addendum to a signed note: the only change a signed note accepts. Returns the addendum's id. */
	public UUID addAddendum(Actor actor, ClientId client, String noteId, String text) {
		Row row = row(actor, client, noteId, AuditAction.CREATE);
		UUID id = UUID.randomUUID();
		enforceWrite(actor, row, AuditAction.CREATE, "progress_note_addendum", id.toString());
		if (row.signedAt() == null) {
			throw new HavenException("RECORDS_NOTE_NOT_SIGNED", Kind.CONFLICT,
					"a draft is edited, not amended: addenda are for signed notes");
		}
		String body = NoteContent.addendum(text);
		work.inTransaction(actor.org(), () -> db.sql("""
				INSERT INTO records.progress_note_addendum (id, org_id, note_id, author_id, body) VALUES (?, ?, ?, ?, ?)""")
			.params(id, actor.org().value(), row.id(), actor.user().value(),
					cipher.sealText(KeyScope.client(actor.org(), client), addendumField(id), body))
			.update());
		return id;
	}

	/** A supervisor's co-signature of a trainee's signed note: another clinician who may treat the client. */
	public void cosign(Actor actor, ClientId client, String noteId) {
		Row row = row(actor, client, noteId, AuditAction.UPDATE);
		enforceWrite(actor, row, AuditAction.UPDATE, "progress_note_cosignature", row.id().toString());
		if (!row.trainee()) {
			throw new HavenException("RECORDS_NOTE_COSIGNATURE_NOT_NEEDED", Kind.CONFLICT,
					"only a trainee's note is co-signed");
		}
		if (row.signedAt() == null) {
			throw new HavenException("RECORDS_NOTE_NOT_SIGNED", Kind.CONFLICT,
					"the trainee signs the note before a supervisor co-signs it");
		}
		if (row.author().equals(actor.user()) || !actor.has(Role.CLINICIAN)) {
			throw new HavenException("RECORDS_NOTE_COSIGNER_INVALID", Kind.FORBIDDEN,
					"a note is co-signed by a clinician other than its author");
		}
		work.inTransaction(actor.org(), () -> {
			int changed = db.sql("""
					UPDATE records.progress_note SET cosigned_at = now(), cosigned_by = ?
					WHERE id = ? AND trainee AND signed_at IS NOT NULL AND cosigned_at IS NULL""")
				.params(actor.user().value(), row.id())
				.update();
			if (changed == 0) {
				throw new HavenException("RECORDS_NOTE_ALREADY_COSIGNED", Kind.CONFLICT,
						"this note has been co-signed already");
			}
		});
	}

	/** The note, decided for writing, still a draft, and the actor's own. */
	private Row writable(Actor actor, ClientId client, String noteId, String resourceType) {
		Row row = row(actor, client, noteId, AuditAction.UPDATE);
		enforceWrite(actor, row, AuditAction.UPDATE, resourceType, row.id().toString());
		if (row.signedAt() != null) {
			throw alreadySigned();
		}
		if (!row.author().equals(actor.user())) {
			throw new HavenException("RECORDS_NOTE_NOT_AUTHOR", Kind.FORBIDDEN,
					"a draft is edited and signed by its author only");
		}
		return row;
	}

	private void enforceWrite(Actor actor, Row row, AuditAction action, String resourceType, String resourceId) {
		try {
			decisions.enforce(actor, actor.org(), row.client(), row.category(), PURPOSE, Optional.of(row.author()),
					action, resourceType, resourceId);
		}
		catch (HavenException ex) {
			throw hidden(row, ex);
		}
		state.requireOpen(actor.org(), row.client());
	}

	/**
	 * Decides, without writing anything, whether the actor may write in this client's record at all, so that a
	 * person outside it learns nothing from the checks of their input; a refusal is audited by enforce.
	 */
	private void requireChart(Actor actor, ClientId client, AuditAction action, String resourceType) {
		if (!decisions.decide(actor, actor.org(), client, DataCategory.GENERAL, PURPOSE).permitted()) {
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, PURPOSE, action, resourceType,
					client.toString());
		}
	}

	/** A client of the actor's organization (visible under row-level security), or an audited "not found". */
	private void requireKnown(Actor actor, ClientId client, AuditAction action) {
		if (!state.exists(actor.org(), client)) {
			throw decisions.refuseUnknown(actor, client, DataCategory.GENERAL, PURPOSE, action, NOTE);
		}
	}

	/** The note of this client, or an audited "not found": for an unknown id as for a note of another client. */
	private Row row(Actor actor, ClientId client, String noteId, AuditAction action) {
		Optional<Row> row = Optional.empty();
		UUID id = parse(noteId);
		if (id != null) {
			row = work.reading(actor.org(),
					() -> rows("WHERE id = ? AND client_id = ?", id, client.value()).stream().findFirst());
		}
		if (row.isEmpty()) {
			decisions.refuseUnknown(actor, client, DataCategory.GENERAL, PURPOSE, action, NOTE);
			throw notFound();
		}
		return row.get();
	}

	/** Someone else's psychotherapy note is not merely forbidden: it is not there. */
	private static HavenException hidden(Row row, HavenException refusal) {
		return row.category() == DataCategory.PSYCHOTHERAPY_NOTE && refusal.kind() == Kind.FORBIDDEN ? notFound()
				: refusal;
	}

	/** Why a guarded UPDATE changed nothing: signed meanwhile, or saved meanwhile from the same version. */
	private HavenException lostRace(OrgId org, UUID note) {
		boolean signed = db.sql("SELECT signed_at IS NOT NULL FROM records.progress_note WHERE id = ?")
			.param(note)
			.query(Boolean.class)
			.single();
		return signed ? alreadySigned()
				: new HavenException("RECORDS_NOTE_EDITED_MEANWHILE", Kind.CONFLICT,
						"this draft was saved by someone else (or in another window) since you opened it; "
								+ "reload it and make your changes again");
	}

	private static HavenException alreadySigned() {
		return new HavenException("RECORDS_NOTE_ALREADY_SIGNED", Kind.CONFLICT,
				"this note is signed and locked; add an addendum instead");
	}

	private static HavenException notFound() {
		return new HavenException("RECORDS_NOTE_NOT_FOUND", Kind.NOT_FOUND, "no such note");
	}

	private static DataCategory category(NoteKind kind, String requested) {
		if (kind == NoteKind.PSYCHOTHERAPY) {
			return DataCategory.PSYCHOTHERAPY_NOTE;
		}
		String name = requested == null || requested.isBlank() ? "" : requested.strip().toUpperCase(Locale.ROOT);
		return switch (name) {
			case "GENERAL" -> DataCategory.GENERAL;
			case "SUD_PART2" -> DataCategory.SUD_PART2;
			default -> throw new HavenException("RECORDS_NOTE_CATEGORY_UNKNOWN", Kind.BAD_REQUEST,
					"a progress note is labelled GENERAL or SUD_PART2 (substance use disorder records, 42 CFR Part 2)");
		};
	}

	private Map<String, String> sections(OrgId org, Row row) {
		KeyScope key = KeyScope.client(org, row.client());
		Map<String, String> sections = new LinkedHashMap<>();
		db.sql("SELECT section, body FROM records.progress_note_section WHERE note_id = ? ORDER BY position")
			.param(row.id())
			.query((rs, n) -> sections.put(rs.getString(1),
					cipher.openText(key, sectionField(rs.getString(1), row.id()), rs.getBytes(2))))
			.list();
		return sections;
	}

	/** The sections of several notes of one client, read in one query; note id to section name to text. */
	private Map<UUID, Map<String, String>> sections(OrgId org, ClientId client, UUID[] notes) {
		KeyScope key = KeyScope.client(org, client);
		Map<UUID, Map<String, String>> sections = new LinkedHashMap<>();
		db.sql("""
				SELECT note_id, section, body FROM records.progress_note_section
				WHERE note_id = ANY (?) ORDER BY note_id, position""")
			.param(notes)
			.query((rs, n) -> {
				UUID note = rs.getObject(1, UUID.class);
				return sections.computeIfAbsent(note, any -> new LinkedHashMap<>())
					.put(rs.getString(2), cipher.openText(key, sectionField(rs.getString(2), note), rs.getBytes(3)));
			})
			.list();
		return sections;
	}

	private List<Row> rows(String where, Object... params) {
		return db.sql("""
				SELECT id, client_id, author_id, kind, template, category, service_date, trainee, version, signed_at,
				       content_hash, late_entry, cosigned_at, cosigned_by
				FROM records.progress_note\s""" + where)
			.params(params)
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)),
					new UserId(rs.getObject(3, UUID.class)), NoteKind.valueOf(rs.getString(4)),
					NoteTemplate.valueOf(rs.getString(5)), DataCategory.valueOf(rs.getString(6)),
					rs.getObject(7, LocalDate.class), rs.getBoolean(8), rs.getInt(9), instant(rs, 10),
					rs.getString(11), (Boolean) rs.getObject(12), instant(rs, 13),
					rs.getObject(14, UUID.class) == null ? null : new UserId(rs.getObject(14, UUID.class))))
			.list();
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	private static UUID parse(String id) {
		try {
			return id == null ? null : UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static FieldRef sectionField(String section, UUID note) {
		return FieldRef.of("records.progress_note_section", section, note);
	}

	static FieldRef addendumField(UUID addendum) {
		return FieldRef.of("records.progress_note_addendum", "body", addendum);
	}

	private record Row(UUID id, ClientId client, UserId author, NoteKind kind, NoteTemplate template,
			DataCategory category, LocalDate serviceDate, boolean trainee, int version, Instant signedAt,
			String contentHash, Boolean lateEntry, Instant cosignedAt, UserId cosignedBy) {

		boolean awaitingCosignature() {
			return trainee && signedAt != null && cosignedAt == null;
		}

	}

}
