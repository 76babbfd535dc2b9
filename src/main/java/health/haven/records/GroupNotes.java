package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.internal.ChartState;
import health.haven.records.internal.NoteContent;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Group notes: one group session written once and fanned out into one ordinary progress note (template GROUP) per
 * attendee, in that attendee's own record, so that each is signed, locked and read under that client's access rules.
 * Every attendee's note holds the group's topic and curriculum item and that person's participation only: no
 * attendee's note names, counts or links to another attendee. The group-level row names nobody; its attendees are
 * known only through links to their notes.
 *
 * <p>All or nothing: every attendee is decided and every part checked before anything is written, and all notes are
 * written in one transaction, so one attendee the author may not write for, or one empty participation, refuses the
 * whole group note.
 */
@Service
public class GroupNotes {

	/** A group larger than this is almost surely a mistake (a whole caseload ticked); IOP groups are 8 to 15. */
	public static final int MAX_ATTENDEES = 40;

	private static final Purpose PURPOSE = Purpose.TREATMENT;

	private static final String NOTE = "progress_note";

	private final JdbcClient db;

	private final TenantWork work;

	private final AccessDecisions decisions;

	private final ProgressNotes notes;

	private final ChartState state;

	GroupNotes(JdbcClient db, TenantWork work, AccessDecisions decisions, ProgressNotes notes, ChartState state) {
		this.db = db;
		this.work = work;
		this.decisions = decisions;
		this.notes = notes;
		this.state = state;
	}

	/** Writes the group note and every attendee's draft note, or nothing at all. */
	public GroupNoteWritten write(Actor actor, NewGroupNote group) {
		requireWriter(actor);
		List<NewGroupNote.Attendee> attendees = group.attendees() == null ? List.of() : group.attendees();
		if (attendees.isEmpty()) {
			throw new HavenException("RECORDS_GROUP_NOTE_NO_ATTENDEES", Kind.BAD_REQUEST,
					"choose at least one attendee; nothing was written");
		}
		if (attendees.size() > MAX_ATTENDEES) {
			throw new HavenException("RECORDS_GROUP_NOTE_TOO_MANY_ATTENDEES", Kind.BAD_REQUEST,
					"a group note is limited to " + MAX_ATTENDEES + " attendees; nothing was written");
		}
		List<ClientId> clients = new ArrayList<>();
		for (int i = 0; i < attendees.size(); i++) {
			ClientId client = clientOf(attendees.get(i), i + 1);
			if (clients.contains(client)) {
				throw new HavenException("RECORDS_GROUP_NOTE_ATTENDEE_TWICE", Kind.BAD_REQUEST,
						"attendee " + (i + 1) + " is listed twice; nothing was written");
			}
			clients.add(client);
		}
		DataCategory category = ChartAccess.category(group.category(), DataCategory.GENERAL);
		// Decided before the input is judged, so that the messages below go only to someone who may write for all.
		for (int i = 0; i < clients.size(); i++) {
			requireWritable(actor, clients.get(i), category, i + 1);
		}
		// A discharged attendee's chart is read-only: the whole group note is refused, nothing written for anyone.
		for (ClientId client : clients) {
			state.requireOpen(actor.org(), client);
		}
		LocalDate serviceDate = NoteContent.serviceDate(group.serviceDate(), LocalDate.now(ZoneOffset.UTC));
		Map<ClientId, Map<String, String>> sections = new LinkedHashMap<>();
		for (int i = 0; i < clients.size(); i++) {
			Map<String, String> written = new LinkedHashMap<>();
			written.put("topic", group.topic());
			written.put("curriculum", group.curriculumItem());
			written.put("participation", attendees.get(i).participation());
			try {
				sections.put(clients.get(i), NoteContent.sections(NoteTemplate.GROUP, written));
			}
			catch (HavenException ex) {
				throw new HavenException(ex.code(), ex.kind(),
						"attendee " + (i + 1) + ": " + ex.explanation() + "; nothing was written");
			}
		}
		UUID groupNote = UUID.randomUUID();
		Map<ClientId, UUID> ids = new LinkedHashMap<>();
		for (ClientId client : clients) {
			UUID id = UUID.randomUUID();
			decisions.enforce(actor, actor.org(), client, category, PURPOSE, Optional.of(actor.user()),
					AuditAction.CREATE, NOTE, id.toString());
			ids.put(client, id);
		}
		work.inTransaction(actor.org(), () -> {
			db.sql("INSERT INTO records.group_note (id, org_id, author_id, service_date) VALUES (?, ?, ?, ?)")
				.params(groupNote, actor.org().value(), actor.user().value(), serviceDate)
				.update();
			for (Map.Entry<ClientId, UUID> note : ids.entrySet()) {
				notes.insert(actor, note.getKey(), note.getValue(), NoteKind.PROGRESS, NoteTemplate.GROUP, category,
						serviceDate, false, sections.get(note.getKey()));
				db.sql("INSERT INTO records.group_note_attendee (group_note_id, note_id, org_id) VALUES (?, ?, ?)")
					.params(groupNote, note.getValue(), actor.org().value())
					.update();
			}
		});
		return new GroupNoteWritten(groupNote, Map.copyOf(ids));
	}

	/** Group notes are written by those who run groups: facilitators, clinicians and program directors. */
	public void requireWriter(Actor actor) {
		if (!actor.has(Role.CLINICIAN) && !actor.has(Role.FACILITATOR) && !actor.has(Role.PROGRAM_DIRECTOR)) {
			throw new HavenException("RECORDS_GROUP_NOTE_WRITER_INVALID", Kind.FORBIDDEN,
					"group notes are written by the facilitators and clinicians who run the group");
		}
	}

	/**
	 * The attendee is a client of the actor's organization whom the actor may write notes for. An unknown client and
	 * one outside the actor's care get the same answer (audited as a denial), so the refusal discloses nothing.
	 */
	private void requireWritable(Actor actor, ClientId client, DataCategory category, int position) {
		if (!state.exists(actor.org(), client)) {
			decisions.refuseUnknown(actor, client, category, PURPOSE, AuditAction.CREATE, NOTE);
			throw attendeeRefused(position);
		}
		if (!decisions.decide(actor, actor.org(), client, category, PURPOSE).permitted()) {
			try {
				decisions.enforce(actor, actor.org(), client, category, PURPOSE, AuditAction.CREATE, NOTE,
						client.toString());
			}
			catch (HavenException ex) {
				throw attendeeRefused(position);
			}
		}
	}

	private static ClientId clientOf(NewGroupNote.Attendee attendee, int position) {
		try {
			return new ClientId(UUID.fromString(attendee == null || attendee.client() == null ? ""
					: attendee.client().strip()));
		}
		catch (IllegalArgumentException ex) {
			throw attendeeRefused(position);
		}
	}

	private static HavenException attendeeRefused(int position) {
		return new HavenException("RECORDS_GROUP_NOTE_ATTENDEE_REFUSED", Kind.FORBIDDEN, "attendee " + position
				+ " is not a client you may write notes for; nothing was written for anyone");
	}

}
