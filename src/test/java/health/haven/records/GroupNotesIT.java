package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.identity.CareTeams;
import health.haven.shared.ClientId;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Group notes: one group session fanned out into one ordinary note per attendee, none of which reveals another
 * attendee, and refused whole (nothing written for anyone) when any attendee or any part is wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupNotesIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final JsonMapper JSON = JsonMapper.builder().build();

	ChartClinic clinic;

	@BeforeAll
	void openTheClinic() {
		clinic = new ChartClinic(server);
	}

	@Test
	void aGroupNoteFansOutIntoOneNoteInEachAttendeesRecordAndNoNoteRevealsAnotherAttendee() {
		List<String> names = List.of("Ada Groupwell " + tag(), "Bo Groupwell " + tag(), "Cy Groupwell " + tag());
		List<ClientId> attendees = names.stream().map(name -> client(name, clinic.team)).toList();
		List<String> participations = List.of("Ada shared a relapse-prevention plan", "Bo listened and asked two questions",
				"Cy role-played refusing an offer");
		HttpResponse<String> written = clinic.facilitator.postJson("/api/v1/group-notes",
				body("Coping with cravings", "Module 3: urge surfing", attendees, participations));
		assertThat(written.statusCode()).as(written.body()).isEqualTo(201);
		JsonNode answer = json(written.body());
		assertThat(answer.get("notes")).hasSize(3);
		UUID group = UUID.fromString(answer.get("id").asString());
		assertThat(db.sql("SELECT count(*) FROM records.group_note_attendee WHERE group_note_id = ?")
			.param(group).query(Long.class).single()).isEqualTo(3);

		for (int i = 0; i < 3; i++) {
			ClientId own = attendees.get(i);
			List<String> notes = db.sql("SELECT id::text FROM records.progress_note WHERE client_id = ? AND template = 'GROUP'")
				.param(own.value()).query(String.class).list();
			assertThat(notes).as("one note in each attendee's own record").hasSize(1);
			String path = "/api/v1/clients/" + own + "/notes/" + notes.get(0);
			String note = clinic.clinician.get(path, "application/json").body();
			assertThat(note).contains("Coping with cravings", "Module 3: urge surfing", participations.get(i));
			for (int other = 0; other < 3; other++) {
				if (other != i) {
					assertThat(note).as("attendee %d's note reveals attendee %d", i, other)
						.doesNotContain(attendees.get(other).toString(), names.get(other), participations.get(other),
								names.get(other).split(" ")[0]);
				}
			}
			assertThat(note).doesNotContain(group.toString());
			HttpResponse<String> signed = clinic.facilitator.postJson(path + "/sign", "{\"version\": 1}");
			assertThat(signed.statusCode()).as("an ordinary note: signed and locked by its author").isEqualTo(200);
			assertThat(json(signed.body()).get("contentHash").asString()).hasSize(64);
		}
		assertThat(db.sql("SELECT count(*) FROM records.progress_note_section s JOIN records.group_note_attendee a "
				+ "ON a.note_id = s.note_id WHERE a.group_note_id = ? AND position(convert_to('Coping', 'UTF8') IN s.body) > 0")
			.param(group).query(Long.class).single()).as("sealed, never plaintext").isZero();
	}

	@Test
	void anAttendeeTheAuthorMayNotTreatRefusesTheWholeGroupNoteAndNothingIsWritten() {
		ClientId mine = client("Dee Groupwell " + tag(), clinic.team);
		ClientId notMine = client("Eve Groupwell " + tag(), clinic.otherTeam);
		long groups = groupNotes();
		HttpResponse<String> refused = clinic.facilitator.postJson("/api/v1/group-notes",
				body("Sleep hygiene", "Module 5", List.of(mine, notMine), List.of("took part", "took part")));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("RECORDS_GROUP_NOTE_ATTENDEE_REFUSED", "attendee 2")
			.doesNotContain(notMine.toString());
		assertThat(notesOf(mine) + notesOf(notMine)).isZero();
		assertThat(groupNotes()).isEqualTo(groups);
	}

	@Test
	void anEmptyParticipationOrNoAttendeesRefusesTheGroupNoteAndNothingIsWritten() {
		ClientId first = client("Fay Groupwell " + tag(), clinic.team);
		ClientId second = client("Gus Groupwell " + tag(), clinic.team);
		long groups = groupNotes();
		HttpResponse<String> empty = clinic.clinician.postJson("/api/v1/group-notes",
				body("Sleep hygiene", "Module 5", List.of(first, second), List.of("took part", "  ")));
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(empty.body()).contains("RECORDS_NOTE_SECTION_MISSING", "attendee 2", "Participation");
		HttpResponse<String> nobody = clinic.clinician.postJson("/api/v1/group-notes",
				body("Sleep hygiene", "Module 5", List.of(), List.of()));
		assertThat(nobody.statusCode()).isEqualTo(400);
		assertThat(nobody.body()).contains("RECORDS_GROUP_NOTE_NO_ATTENDEES");
		HttpResponse<String> noTopic = clinic.clinician.postJson("/api/v1/group-notes",
				body(" ", "Module 5", List.of(first), List.of("took part")));
		assertThat(noTopic.statusCode()).isEqualTo(400);
		assertThat(notesOf(first) + notesOf(second)).isZero();
		assertThat(groupNotes()).isEqualTo(groups);
	}

	@Test
	void aClientCannotWriteGroupNotesAndAGroupNoteIsNotWrittenAsAnIndividualNote() {
		assertThat(clinic.client.postJson("/api/v1/group-notes", "{}").statusCode()).isEqualTo(403);
		assertThat(clinic.billing.get("/group-notes/new").statusCode()).isEqualTo(403);
		ClientId someone = client("Hal Groupwell " + tag(), clinic.team);
		HttpResponse<String> individual = clinic.clinician.postJson("/api/v1/clients/" + someone + "/notes", """
				{"template": "GROUP", "category": "GENERAL", "serviceDate": "%s",
				 "sections": {"topic": "t", "curriculum": "c", "participation": "p"}}""".formatted(today()));
		assertThat(individual.statusCode()).isEqualTo(400);
		assertThat(individual.body()).contains("RECORDS_NOTE_TEMPLATE_GROUP_ONLY");
		assertThat(notesOf(someone)).isZero();
	}

	@Test
	void theGroupNotePageWritesANoteForEachTickedAttendee() {
		String name = "Ivy Groupwell " + tag();
		ClientId ticked = client(name, clinic.team);
		ClientId unticked = client("Jo Groupwell " + tag(), clinic.team);
		HttpResponse<String> page = clinic.facilitator.get("/group-notes/new");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(name);
		Map<String, String> form = new LinkedHashMap<>();
		form.put("topic", "Building a recovery network");
		form.put("curriculumItem", "Module 7");
		form.put("date", today().toString());
		form.put("category", "SUD_PART2");
		form.put("attends." + ticked, "on");
		form.put("participation." + ticked, "named two supportive people");
		form.put("participation." + unticked, "absent");
		HttpResponse<String> posted = clinic.facilitator.postForm("/group-notes", "/group-notes/new", form);
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
		assertThat(posted.headers().firstValue("Location").orElse("")).contains("written=1");
		assertThat(notesOf(ticked)).isEqualTo(1);
		assertThat(notesOf(unticked)).isZero();
		assertThat(db.sql("SELECT category FROM records.progress_note WHERE client_id = ?").param(ticked.value())
			.query(String.class).single()).isEqualTo("SUD_PART2");
	}

	private ClientId client(String name, UUID team) {
		ClientId id = server.bean(Clients.class)
			.register(ChartClinic.SETUP, clinic.org, new NewClient(name, LocalDate.of(1991, 3, 4), "OR", null));
		server.bean(CareTeams.class).assignClient(ChartClinic.SETUP, clinic.org, team, id);
		return id;
	}

	private static String body(String topic, String item, List<ClientId> clients, List<String> participations) {
		List<Map<String, String>> attendees = new ArrayList<>();
		for (int i = 0; i < clients.size(); i++) {
			attendees.add(Map.of("clientId", clients.get(i).toString(), "participation", participations.get(i)));
		}
		return JSON.writeValueAsString(Map.of("topic", topic, "curriculumItem", item, "date", today().toString(),
				"category", "GENERAL", "attendees", attendees));
	}

	private long notesOf(ClientId client) {
		return db.sql("SELECT count(*) FROM records.progress_note WHERE client_id = ?").param(client.value())
			.query(Long.class).single();
	}

	private long groupNotes() {
		return db.sql("SELECT count(*) FROM records.group_note WHERE org_id = ?").param(clinic.org.value())
			.query(Long.class).single();
	}

	private static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

	private static String tag() {
		return UUID.randomUUID().toString().substring(0, 6);
	}

	private static JsonNode json(String body) {
		return JSON.readTree(body);
	}

}
