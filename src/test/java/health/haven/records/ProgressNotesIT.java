package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.consent.DataCategory;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.NewAccount;
import health.haven.identity.Role;
import health.haven.records.internal.NoteContent;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.AuditLog;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules of progress notes: draft, signed and locked (by the service and by PostgreSQL), addenda only, stale
 * edits refused, psychotherapy notes their author's alone, care teams decide, and every read and write audited.
 */
@Covers({ "SEC-IN-01", "PRV-PN-01", "PRV-MN-01", "SEC-AU-01" })
class ProgressNotesIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final ProgressNotes notes = server.bean(ProgressNotes.class);

	static final OrgId demo = new OrgId(db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).single());

	static final ClientId client = new ClientId(UUID.fromString(team("Evening SUD team").get(0)));

	final Actor clinician = actor("clinician@demo.haven.test", Role.CLINICIAN);

	final Actor director = actor("director@demo.haven.test", Role.PROGRAM_DIRECTOR, Role.CLINICIAN);

	final Actor dayClinician = actor("clinician2@demo.haven.test", Role.CLINICIAN);

	static final String SECRET = "Client described cravings after the weekend " + UUID.randomUUID();

	@Test
	void signingLocksTheNoteAndKeepsTheHashOfItsContent() {
		UUID note = draft(clinician, "DAP", "GENERAL", today());
		notes.sign(clinician, client, note.toString(), 1);

		ProgressNote signed = notes.find(clinician, client, note.toString());
		assertThat(signed.signed()).isTrue();
		assertThat(signed.lateEntry()).isFalse();
		assertThat(signed.contentHash()).hasSize(64)
			.isEqualTo(NoteContent.hash(NoteTemplate.DAP, "PROGRESS", "GENERAL", today(), signed.sections()))
			.isEqualTo(db.sql("SELECT content_hash FROM records.progress_note WHERE id = ?").param(note)
				.query(String.class).single());
		assertThat(signed.sections()).containsEntry("data", SECRET);
		byte[] stored = db.sql("SELECT body FROM records.progress_note_section WHERE note_id = ? AND section = 'data'")
			.param(note).query(byte[].class).single();
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("sealed, never plaintext")
			.doesNotContain("cravings");
	}

	@Test
	void aSignedNoteCannotBeEditedAndItsRowIsUnchanged() {
		UUID note = draft(clinician, "SOAP", "SUD_PART2", today());
		notes.sign(clinician, client, note.toString(), 1);
		String before = snapshot(note);

		assertThatThrownBy(() -> notes.saveDraft(clinician, client, note.toString(),
				new NoteEdit(1, today().toString(), sections(NoteTemplate.SOAP, "changed afterwards"))))
			.isInstanceOf(HavenException.class)
			.extracting(ex -> ((HavenException) ex).code())
			.isEqualTo("RECORDS_NOTE_ALREADY_SIGNED");
		assertThatThrownBy(() -> notes.sign(clinician, client, note.toString(), 1))
			.extracting(ex -> ((HavenException) ex).code())
			.isEqualTo("RECORDS_NOTE_ALREADY_SIGNED");
		assertThat(snapshot(note)).isEqualTo(before);
	}

	@Test
	void theDatabaseItselfRefusesToChangeASignedNote() {
		UUID note = draft(clinician, "BIRP", "GENERAL", today());
		notes.sign(clinician, client, note.toString(), 1);
		String before = snapshot(note);

		assertThatThrownBy(() -> db.sql("UPDATE records.progress_note SET service_date = service_date - 1 WHERE id = ?")
			.param(note).update()).hasMessageContaining("RECORDS_NOTE_ALREADY_SIGNED");
		assertThatThrownBy(() -> db.sql("UPDATE records.progress_note_section SET body = 'x'::bytea WHERE note_id = ?")
			.param(note).update()).hasMessageContaining("RECORDS_NOTE_ALREADY_SIGNED");
		assertThatThrownBy(() -> db.sql("DELETE FROM records.progress_note_section WHERE note_id = ?")
			.param(note).update()).hasMessageContaining("RECORDS_NOTE_ALREADY_SIGNED");
		assertThat(snapshot(note)).isEqualTo(before);
	}

	@Test
	void addendaAreAddedToSignedNotesOnlyAndKeepAuthorAndTime() {
		UUID note = draft(clinician, "DAP", "GENERAL", today());
		assertThatThrownBy(() -> notes.addAddendum(clinician, client, note.toString(), "too early"))
			.extracting(ex -> ((HavenException) ex).code())
			.isEqualTo("RECORDS_NOTE_NOT_SIGNED");
		notes.sign(clinician, client, note.toString(), 1);
		String before = snapshot(note);

		UUID addendum = notes.addAddendum(director, client, note.toString(), "Spoke with the client's sponsor.");

		List<NoteAddendum> addenda = notes.addenda(clinician, client, note.toString());
		assertThat(addenda).singleElement().satisfies(added -> {
			assertThat(added.id()).isEqualTo(addendum);
			assertThat(added.author()).isEqualTo(director.user());
			assertThat(added.writtenAt()).isNotNull();
			assertThat(added.text()).isEqualTo("Spoke with the client's sponsor.");
		});
		assertThat(snapshot(note)).as("the signed note itself is untouched").isEqualTo(before);
		assertThatThrownBy(() -> db.sql("UPDATE records.progress_note_addendum SET body = 'x'::bytea WHERE id = ?")
			.param(addendum).update()).hasMessageContaining("RECORDS_NOTE_ADDENDUM_UNCHANGEABLE");
	}

	@Test
	void aNoteSignedMoreThanADayAfterTheSessionIsFlaggedAsALateEntry() {
		UUID note = draft(clinician, "DAP", "GENERAL", today().minusDays(3));
		notes.sign(clinician, client, note.toString(), 1);
		assertThat(notes.find(clinician, client, note.toString()).lateEntry()).isTrue();
		assertThat(notes.list(clinician, client)).filteredOn(summary -> summary.id().equals(note))
			.singleElement()
			.satisfies(summary -> assertThat(summary.lateEntry()).isTrue());
	}

	@Test
	void badInputGetsAClearMessageAndChangesNothing() {
		long before = notesOf(client);
		assertThat(refusal(() -> notes.create(clinician, client, new NewProgressNote("XYZ", null, "GENERAL",
				today().toString(), false, sections(NoteTemplate.DAP, "x"))))).isEqualTo("RECORDS_NOTE_TEMPLATE_UNKNOWN");
		Map<String, String> missing = new java.util.HashMap<>(sections(NoteTemplate.DAP, "x"));
		missing.remove("plan");
		assertThat(refusal(() -> notes.create(clinician, client,
				new NewProgressNote("DAP", null, "GENERAL", today().toString(), false, missing))))
			.isEqualTo("RECORDS_NOTE_SECTION_MISSING");
		assertThat(refusal(() -> notes.create(clinician, client, new NewProgressNote("DAP", null, "GENERAL",
				today().toString(), false, sections(NoteTemplate.DAP, "x".repeat(20_001))))))
			.isEqualTo("RECORDS_NOTE_SECTION_TOO_LONG");
		assertThat(refusal(() -> notes.create(clinician, client, new NewProgressNote("DAP", null, "SECRET",
				today().toString(), false, sections(NoteTemplate.DAP, "x"))))).isEqualTo("RECORDS_NOTE_CATEGORY_UNKNOWN");
		assertThat(refusal(() -> notes.create(clinician, client, new NewProgressNote("DAP", null, "GENERAL",
				today().plusDays(2).toString(), false, sections(NoteTemplate.DAP, "x")))))
			.isEqualTo("RECORDS_NOTE_SERVICE_DATE_INVALID");
		assertThat(notesOf(client)).isEqualTo(before);

		UUID note = draft(clinician, "DAP", "GENERAL", today());
		String draft = snapshot(note);
		assertThat(refusal(() -> notes.saveDraft(clinician, client, note.toString(),
				new NoteEdit(1, today().toString(), Map.of("data", "only one")))))
			.isEqualTo("RECORDS_NOTE_SECTION_MISSING");
		assertThat(snapshot(note)).isEqualTo(draft);
	}

	@Nested
	class PsychotherapyNotes {

		@Test
		void areReadableByTheirAuthorOnlyNotTheDirectorNorAnotherClinicianOfTheTeam() {
			UUID note = notes.create(clinician, client, new NewProgressNote("DAP", "PSYCHOTHERAPY", "GENERAL",
					today().toString(), false, sections(NoteTemplate.DAP, SECRET)));
			assertThat(db.sql("SELECT category FROM records.progress_note WHERE id = ?").param(note)
				.query(String.class).single()).isEqualTo("PSYCHOTHERAPY_NOTE");
			assertThat(notes.find(clinician, client, note.toString()).category())
				.isEqualTo(DataCategory.PSYCHOTHERAPY_NOTE);
			assertThat(notes.list(clinician, client)).extracting(ProgressNoteSummary::id).contains(note);

			Actor colleague = colleagueOnTheEveningTeam();
			for (Actor other : List.of(director, colleague)) {
				assertThat(refusal(() -> notes.find(other, client, note.toString())))
					.isEqualTo("RECORDS_NOTE_NOT_FOUND");
				assertThat(refusal(() -> notes.addenda(other, client, note.toString())))
					.isEqualTo("RECORDS_NOTE_NOT_FOUND");
				assertThat(notes.list(other, client)).extracting(ProgressNoteSummary::id).doesNotContain(note);
			}
			assertThat(AuditLog.awaitCount(db, 1, """
					resource_type = 'progress_note' AND resource_id = ? AND actor_user = ? AND outcome = 'DENIED'""",
					note.toString(), director.user().value())).isGreaterThanOrEqualTo(1);
		}

	}

	@Test
	void theClientCannotReadNotesHereAndDoesNotLearnOfPsychotherapyNotes() {
		UUID clientUser = TestServer.accountIdOf("client@demo.haven.test");
		ClientId own = new ClientId(db.sql("SELECT client_id FROM identity.client_account WHERE user_id = ?")
			.param(clientUser).query(UUID.class).single());
		Actor self = new Actor(demo, new UserId(clientUser), Set.of(Role.CLIENT), null, "127.0.0.1");
		Actor author = team("Evening SUD team").contains(own.toString()) ? clinician : dayClinician;
		UUID progress = notes.create(author, own, new NewProgressNote("DAP", null, "GENERAL", today().toString(),
				false, sections(NoteTemplate.DAP, SECRET)));
		UUID psychotherapy = notes.create(author, own, new NewProgressNote("DAP", "PSYCHOTHERAPY", null,
				today().toString(), false, sections(NoteTemplate.DAP, SECRET)));

		assertThat(refusal(() -> notes.find(self, own, psychotherapy.toString()))).isEqualTo("RECORDS_NOTE_NOT_FOUND");
		assertThat(refusal(() -> notes.find(self, own, progress.toString()))).as("the portal is their way in")
			.isEqualTo("ACCESS_DENIED");
		assertThat(refusal(() -> notes.list(self, own))).isEqualTo("ACCESS_DENIED");
	}

	@Test
	void aDraftIsEditedAndSignedByItsAuthorOnly() {
		UUID note = draft(clinician, "DAP", "GENERAL", today());
		String before = snapshot(note);
		assertThat(refusal(() -> notes.sign(director, client, note.toString(), 1))).isEqualTo("RECORDS_NOTE_NOT_AUTHOR");
		assertThat(refusal(() -> notes.saveDraft(director, client, note.toString(),
				new NoteEdit(1, today().toString(), sections(NoteTemplate.DAP, "not mine")))))
			.isEqualTo("RECORDS_NOTE_NOT_AUTHOR");
		assertThat(snapshot(note)).isEqualTo(before);
	}

	@Nested
	class OutsideTheCareTeam {

		@Test
		void aClinicianOfAnotherTeamGetsNotFoundForTheListTheNoteAndWritesAndIsAudited() {
			UUID note = draft(clinician, "DAP", "GENERAL", today());
			long before = notesOf(client);
			assertThat(refusal(() -> notes.list(dayClinician, client))).isEqualTo("CLIENT_NOT_FOUND");
			assertThat(refusal(() -> notes.find(dayClinician, client, note.toString()))).isEqualTo("CLIENT_NOT_FOUND");
			assertThat(refusal(() -> notes.create(dayClinician, client, new NewProgressNote("DAP", null, "GENERAL",
					today().toString(), false, sections(NoteTemplate.DAP, "x"))))).isEqualTo("CLIENT_NOT_FOUND");
			assertThat(refusal(() -> notes.addAddendum(dayClinician, client, note.toString(), "x")))
				.isEqualTo("CLIENT_NOT_FOUND");
			assertThat(notesOf(client)).isEqualTo(before);
			assertThat(AuditLog.awaitCount(db, 2, "client_id = ? AND actor_user = ? AND outcome = 'DENIED'",
					client.value(), dayClinician.user().value())).isGreaterThanOrEqualTo(2);
		}

	}

	@Test
	void readsAndWritesOfANoteAreAudited() {
		UUID note = draft(clinician, "DAP", "SUD_PART2", today());
		notes.find(clinician, client, note.toString());
		notes.sign(clinician, client, note.toString(), 1);
		String where = "resource_id = ? AND actor_user = ? AND outcome = 'ALLOWED' AND action = ? AND resource_type = ?";
		assertThat(AuditLog.awaitCount(db, 1, where, note.toString(), clinician.user().value(), "CREATE",
				"progress_note")).isEqualTo(1);
		assertThat(AuditLog.awaitCount(db, 1, where, note.toString(), clinician.user().value(), "READ",
				"progress_note")).isGreaterThanOrEqualTo(1);
		assertThat(AuditLog.awaitCount(db, 1, where, note.toString(), clinician.user().value(), "UPDATE",
				"progress_note_signature")).isEqualTo(1);
		assertThat(AuditLog.awaitDetails(db, "resource_id = ? AND action = 'CREATE'", note.toString()))
			.contains("SUD_PART2");
	}

	@Test
	void aTraineesSignedNoteAwaitsASupervisorsCosignatureWhichTheAuthorCannotGive() {
		UUID note = notes.create(clinician, client, new NewProgressNote("DAP", null, "GENERAL", today().toString(),
				true, sections(NoteTemplate.DAP, "trainee's note")));
		notes.sign(clinician, client, note.toString(), 1);
		assertThat(notes.find(clinician, client, note.toString()).awaitingCosignature()).isTrue();
		assertThat(refusal(() -> notes.cosign(clinician, client, note.toString())))
			.isEqualTo("RECORDS_NOTE_COSIGNER_INVALID");

		notes.cosign(director, client, note.toString());

		ProgressNote cosigned = notes.find(clinician, client, note.toString());
		assertThat(cosigned.awaitingCosignature()).isFalse();
		assertThat(cosigned.cosignedBy()).isEqualTo(director.user());
		assertThat(refusal(() -> notes.cosign(director, client, note.toString())))
			.isEqualTo("RECORDS_NOTE_ALREADY_COSIGNED");
	}

	@Nested
	class OverTheApi {

		final Http http = Http.signedIn(server, DemoAccounts.withRole(server.dataDir(), "CLINICIAN"));

		@Test
		void aStaleEditIsRefusedWith409AndChangesNothing() {
			String base = "/api/v1/clients/" + client + "/notes";
			HttpResponse<String> created = post(base, """
					{"template": "DAP", "category": "GENERAL", "serviceDate": "%s",
					 "sections": {"data": "d", "assessment": "a", "plan": "p"}}""".formatted(today()));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			JsonNode note = JsonMapper.builder().build().readTree(created.body());
			assertThat(note.get("status").asString()).isEqualTo("DRAFT");
			String path = base + "/" + note.get("id").asString();

			HttpResponse<String> first = post(path, """
					{"version": 1, "serviceDate": "%s", "sections": {"data": "d2", "assessment": "a", "plan": "p"}}"""
				.formatted(today()));
			assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
			assertThat(first.body()).contains("\"version\":2");
			String saved = snapshot(UUID.fromString(note.get("id").asString()));

			HttpResponse<String> stale = post(path, """
					{"version": 1, "serviceDate": "%s", "sections": {"data": "d3", "assessment": "a", "plan": "p"}}"""
				.formatted(today()));
			assertThat(stale.statusCode()).isEqualTo(409);
			assertThat(stale.body()).contains("RECORDS_NOTE_EDITED_MEANWHILE");
			assertThat(snapshot(UUID.fromString(note.get("id").asString()))).isEqualTo(saved);

			HttpResponse<String> signed = post(path + "/sign", "{\"version\": 2}");
			assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
			assertThat(signed.body()).contains("\"status\":\"SIGNED\"", "\"contentHash\":\"");
			HttpResponse<String> edit = post(path, """
					{"version": 2, "serviceDate": "%s", "sections": {"data": "d4", "assessment": "a", "plan": "p"}}"""
				.formatted(today()));
			assertThat(edit.statusCode()).isEqualTo(409);
			assertThat(edit.body()).contains("RECORDS_NOTE_ALREADY_SIGNED");
		}

		@Test
		void anUnknownTemplateIsABadRequestWithAClearMessage() {
			HttpResponse<String> response = post("/api/v1/clients/" + client + "/notes",
					"{\"template\": \"NARRATIVE\", \"serviceDate\": \"" + today() + "\"}");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("RECORDS_NOTE_TEMPLATE_UNKNOWN", "DAP, SOAP or BIRP");
		}

		private HttpResponse<String> post(String path, String json) {
			Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(http.get("/clients").body());
			assertThat(csrf.find()).isTrue();
			return http.send(HttpRequest.newBuilder(http.uri(path))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.header("X-CSRF-TOKEN", csrf.group(1))
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build());
		}

	}

	/** A second clinician on the evening team, made for this test. */
	private Actor colleagueOnTheEveningTeam() {
		ActorRef test = ActorRef.system("progress-notes-test");
		UserId user = server.bean(Accounts.class)
			.open(test, new NewAccount(demo, "colleague-" + UUID.randomUUID() + "@example.test", "Colleague",
					"a long enough passphrase " + UUID.randomUUID(), Set.of(Role.CLINICIAN)));
		UUID team = db.sql("SELECT id FROM identity.care_team WHERE name = 'Evening SUD team' AND org_id = ?")
			.param(demo.value()).query(UUID.class).single();
		server.bean(CareTeams.class).addMember(test, demo, team, user);
		return new Actor(demo, user, Set.of(Role.CLINICIAN), null, "127.0.0.1");
	}

	private UUID draft(Actor author, String template, String category, LocalDate serviceDate) {
		return notes.create(author, client, new NewProgressNote(template, null, category, serviceDate.toString(), false,
				sections(NoteTemplate.valueOf(template), SECRET)));
	}

	private static Map<String, String> sections(NoteTemplate template, String text) {
		Map<String, String> sections = new java.util.LinkedHashMap<>();
		template.sections().forEach(section -> sections.put(section.name(), text));
		return sections;
	}

	/** The note's row and sections as stored, for "changes nothing". */
	private static String snapshot(UUID note) {
		return db.sql("SELECT to_jsonb(n)::text FROM records.progress_note n WHERE id = ?").param(note)
			.query(String.class).single()
				+ db.sql("""
						SELECT string_agg(section || ':' || encode(body, 'hex'), ',' ORDER BY position)
						FROM records.progress_note_section WHERE note_id = ?""").param(note).query(String.class).single();
	}

	private static long notesOf(ClientId client) {
		return db.sql("SELECT count(*) FROM records.progress_note WHERE client_id = ?").param(client.value())
			.query(Long.class).single();
	}

	private static String refusal(Runnable call) {
		try {
			call.run();
		}
		catch (HavenException ex) {
			return ex.code();
		}
		throw new AssertionError("expected a refusal");
	}

	private static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

	private static Actor actor(String email, Role... roles) {
		return new Actor(demo, new UserId(TestServer.accountIdOf(email)), Set.of(roles), null, "127.0.0.1");
	}

	private static List<String> team(String name) {
		return db.sql("""
				SELECT c.client_id::text FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
				WHERE t.name = ? AND t.org_id = (SELECT org_id FROM operations.demo_seed) ORDER BY c.client_id""")
			.param(name).query(String.class).list();
	}

}
