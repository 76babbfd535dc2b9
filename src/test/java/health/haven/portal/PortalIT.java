package health.haven.portal;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.identity.Actor;
import health.haven.support.AuditLog;
import health.haven.support.Http;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The client portal over HTTPS against real PostgreSQL: the home's sections, the plan's e-signature, open notes (and
 * what is never or not now in them), questionnaires, shared documents, and that a client reaches nothing of another
 * client's by guessing ids: 404, with the refusal audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalIT {

	static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");

	static final Pattern HASH = Pattern.compile("name=\"contentSha256\" value=\"([0-9a-f]{64})\"");

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	PortalClinic clinic;

	Actor riley;

	Actor sam;

	Http rileyWeb;

	Http samWeb;

	Http clinicianWeb;

	@BeforeAll
	void openClinic() {
		clinic = new PortalClinic(server);
		riley = clinic.client("Riley Portal");
		sam = clinic.client("Sam Portal");
		rileyWeb = clinic.signIn(riley);
		samWeb = clinic.signIn(sam);
		clinicianWeb = clinic.signIn(clinic.clinician);
	}

	@Test
	void aClientLandsOnThePortalAfterSigningIn() {
		Http http = new Http(server);
		HttpResponse<String> password = http.signInWithPasswordOnly(clinic.account(riley));
		String location = Http.location(password);
		if (location.contains("/login/totp")) {
			location = Http.location(http.secondFactor(TotpCodes.next(clinic.account(riley).totpSecret())));
		}
		assertThat(location).endsWith("/portal");
		assertThat(http.get("/portal").body()).contains("Your next sessions", "Things to do", "My notes",
				"No unread messages.");

		// The care team writes: the home counts it (a number only; the words stay in the thread).
		server.bean(health.haven.messaging.Messages.class).start(clinic.clinician, new health.haven.messaging.NewThread(
				clinic.clientOf(riley).toString(), "CLIENT_TEAM", "Tomorrow's group", "See you at six.", null));
		String home = http.get("/portal").body();
		assertThat(home).contains("unread message from your care team").doesNotContain("See you at six.");
	}

	@Test
	void staffAreNotShownThePortal() {
		assertThat(clinicianWeb.get("/portal").statusCode()).isEqualTo(403);
		assertThat(clinicianWeb.get("/portal/notes").statusCode()).isEqualTo(403);
	}

	@Test
	void homeShowsJoinForAnOpenRoomAndWaitsForALaterOne() {
		UUID now = clinic.session(riley, -5);
		UUID later = clinic.session(riley, 180);
		String home = rileyWeb.get("/portal").body();
		assertThat(home).contains("href=\"/telehealth/sessions/" + now + "\"");
		assertThat(home).doesNotContain("href=\"/telehealth/sessions/" + later + "\"");
		assertThat(home).contains("opens-" + later, "Opens 15 minutes before the start");
		assertThat(home).as("this week's hours against the program's requirement")
			.contains("Your program hours this week", "of 9");
		assertThat(Http.location(rileyWeb.get("/telehealth/sessions/" + now))).contains("/telehealth/rooms/");
	}

	@Nested
	@Covers("IOP-DOC-01")
	class TreatmentPlan {

		@Test
		void theClientSignsTheVersionTheyReadAndANewVersionNeedsANewSignature() {
			int version = clinic.plan(riley, 0, "Worry keeps me from work");
			String home = rileyWeb.get("/portal").body();
			assertThat(home).contains("Read and sign your treatment plan");
			String page = rileyWeb.get("/portal/plan").body();
			assertThat(page).contains("What we are working on: Worry keeps me from work", "How we will know:");
			String hash = find(HASH, page);
			assertThat(find(VERSION, page)).isEqualTo(String.valueOf(version));

			HttpResponse<String> noName = rileyWeb.postForm("/portal/plan/signature", "/portal/plan",
					Map.of("version", "" + version, "contentSha256", hash, "typedName", "", "agreed", "true"));
			assertThat(noName.statusCode()).isEqualTo(400);
			HttpResponse<String> wrongHash = rileyWeb.postForm("/portal/plan/signature", "/portal/plan",
					Map.of("version", "" + version, "contentSha256", "0".repeat(64), "typedName", "Riley Portal",
							"agreed", "true"));
			assertThat(wrongHash.statusCode()).isEqualTo(409);
			assertThat(signatures(riley)).isZero();

			HttpResponse<String> signed = rileyWeb.postForm("/portal/plan/signature", "/portal/plan",
					Map.of("version", "" + version, "contentSha256", hash, "typedName", "Riley Portal", "agreed",
							"true"));
			assertThat(Http.location(signed)).endsWith("/portal/plan?signed");
			Map<String, Object> row = db.sql("""
					SELECT version, content_sha256, source_address, typed_name FROM records.treatment_plan_signature
					WHERE client_id = ?""").param(clinic.clientOf(riley).value()).query().singleRow();
			assertThat(row.get("version")).isEqualTo(version);
			assertThat(row.get("content_sha256")).isEqualTo(hash);
			assertThat((String) row.get("source_address")).isNotBlank();
			assertThat(new String((byte[]) row.get("typed_name"))).as("the typed name is sealed")
				.doesNotContain("Riley");
			assertThat(rileyWeb.get("/portal/plan").body()).contains("You agreed to this version");
			assertThat(rileyWeb.get("/portal").body()).doesNotContain("sign your treatment plan");

			// The clinician revises the plan while the client has the old version open: that signature is stale.
			int next = clinic.plan(riley, version, "Worry and poor sleep keep me from work");
			HttpResponse<String> stale = rileyWeb.postForm("/portal/plan/signature", "/portal/plan",
					Map.of("version", "" + version, "contentSha256", hash, "typedName", "Riley Portal", "agreed",
							"true"));
			assertThat(stale.statusCode()).isEqualTo(409);
			assertThat(stale.body()).contains("Your plan changed after you opened it");
			assertThat(signatures(riley)).isEqualTo(1);
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND resource_type = 'treatment-plan-agreement'"
					+ " AND outcome = 'DENIED' AND details LIKE '%RECORDS_PLAN_STALE%'", clinic.clientOf(riley).toString()))
				.isGreaterThanOrEqualTo(1);
			assertThat(rileyWeb.get("/portal").body()).contains("Your treatment plan has changed");
			String again = rileyWeb.get("/portal/plan").body();
			assertThat(find(VERSION, again)).isEqualTo(String.valueOf(next));
			assertThat(Http.location(rileyWeb.postForm("/portal/plan/signature", "/portal/plan",
					Map.of("version", "" + next, "contentSha256", find(HASH, again), "typedName", "Riley Portal",
							"agreed", "true")))).endsWith("?signed");
			assertThat(signatures(riley)).isEqualTo(2);
		}

		private long signatures(Actor client) {
			return db.sql("SELECT count(*) FROM records.treatment_plan_signature WHERE client_id = ?")
				.param(clinic.clientOf(client).value())
				.query(Long.class)
				.single();
		}

	}

	@Nested
	@Covers({ "ONC-IB-03", "ONC-IB-04", "PRV-PN-01" })
	class OpenNotes {

		@Test
		void signedNotesAreReleasedAtOnceAndDraftsAndPsychotherapyNotesNever() {
			UUID signed = clinic.note(riley, "PROGRESS", "GENERAL", true, "Talked about the week at work.");
			UUID part2 = clinic.note(riley, "PROGRESS", "SUD_PART2", true, "Twelve days without alcohol.");
			UUID draft = clinic.note(riley, "PROGRESS", "GENERAL", false, "Unfinished thoughts.");
			UUID psychotherapy = clinic.note(riley, "PSYCHOTHERAPY", null, true, "Process impressions.");
			String list = rileyWeb.get("/portal/notes").body();
			assertThat(list).contains(signed.toString(), part2.toString());
			assertThat(list).doesNotContain(draft.toString(), psychotherapy.toString(), "not shown");
			assertThat(rileyWeb.get("/portal/notes/" + signed).body()).contains("Talked about the week at work.");
			assertThat(rileyWeb.get("/portal/notes/" + part2).body()).as("the client is the subject of a Part 2 note")
				.contains("Twelve days without alcohol.", "42 CFR Part 2");
			HttpResponse<String> hidden = rileyWeb.get("/portal/notes/" + psychotherapy);
			assertThat(hidden.statusCode()).isEqualTo(404);
			assertThat(hidden.body()).doesNotContain("Process impressions.");
			assertThat(rileyWeb.get("/portal/notes/" + draft).statusCode()).isEqualTo(404);
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND actor_user = ?::uuid AND outcome = 'DENIED'"
					+ " AND resource_type = 'progress_note'", clinic.clientOf(riley).toString(),
					riley.user().toString())).isGreaterThanOrEqualTo(1);
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND actor_user = ?::uuid AND outcome = 'ALLOWED'"
					+ " AND action = 'READ' AND resource_type = 'progress_note' AND resource_id = ?",
					clinic.clientOf(riley).toString(), riley.user().toString(), signed.toString()))
				.as("the read was audited").isGreaterThanOrEqualTo(1);
		}

		@Test
		void aClinicianWithholdsOneNoteOnlyWithAnExceptionAndTheClientIsToldItIsNotShown() {
			UUID note = clinic.note(sam, "PROGRESS", "GENERAL", true, "Mentions a crisis in the family.");
			String page = "/clients/" + clinic.clientOf(sam) + "/notes/" + note;
			assertThat(clinicianWeb.get(page).body()).contains("Released: the client can read this note");
			HttpResponse<String> noReason = clinicianWeb.postForm(page + "/withhold", page,
					Map.of("exception", "PREVENTING_HARM", "reason", ""));
			assertThat(noReason.statusCode()).isEqualTo(400);
			HttpResponse<String> noException = clinicianWeb.postForm(page + "/withhold", page,
					Map.of("exception", "", "reason", "Reading this now is likely to endanger the client."));
			assertThat(noException.statusCode()).isEqualTo(400);
			assertThat(withholdings(note)).isZero();
			assertThat(samWeb.get("/portal/notes/" + note).statusCode()).isEqualTo(200);

			HttpResponse<String> withheld = clinicianWeb.postForm(page + "/withhold", page,
					Map.of("exception", "PREVENTING_HARM", "reason", "Reading this now is likely to endanger the client."));
			assertThat(Http.location(withheld)).endsWith("?withheld");
			assertThat(withholdings(note)).isEqualTo(1);
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND resource_type = 'note_withholding' AND "
					+ "action = 'CREATE' AND outcome = 'ALLOWED'", clinic.clientOf(sam).toString())).isEqualTo(1);
			String list = samWeb.get("/portal/notes").body();
			assertThat(list).contains("One note is not shown").doesNotContain(note.toString());
			HttpResponse<String> read = samWeb.get("/portal/notes/" + note);
			assertThat(read.statusCode()).isEqualTo(404);
			assertThat(read.body()).doesNotContain("crisis in the family");
			assertThat(clinicianWeb.get(page).body()).contains("Withheld from the client since", "Preventing harm");

			assertThat(Http.location(clinicianWeb.postForm(page + "/release", page, Map.of()))).endsWith("?released");
			assertThat(samWeb.get("/portal/notes/" + note).body()).contains("Mentions a crisis in the family.");
		}

		@Test
		void anotherClientsNoteIsNotFoundAndTheRefusalAudited() {
			UUID samsNote = clinic.note(sam, "PROGRESS", "GENERAL", true, "Sam's session.");
			HttpResponse<String> guessed = rileyWeb.get("/portal/notes/" + samsNote);
			assertThat(guessed.statusCode()).isEqualTo(404);
			assertThat(guessed.body()).doesNotContain("Sam's session.");
			assertThat(rileyWeb.get("/portal/notes/not-a-uuid").statusCode()).isEqualTo(404);
			assertThat(AuditLog.awaitCount(db, 2, "client_id = ?::uuid AND actor_user = ?::uuid AND outcome = 'DENIED'",
					clinic.clientOf(riley).toString(), riley.user().toString())).isGreaterThanOrEqualTo(2);
		}

		private long withholdings(UUID note) {
			return db.sql("SELECT count(*) FROM records.note_withholding WHERE note_id = ?")
				.param(note)
				.query(Long.class)
				.single();
		}

	}

	@Nested
	class Questionnaires {

		@Test
		void onlyAnAssignedQuestionnaireCanBeFilledIn() {
			Actor client = clinic.client("Quinn Unassigned");
			Http web = clinic.signIn(client);
			assertThat(web.get("/portal/questionnaires/phq-9").statusCode()).isEqualTo(404);
			assertThat(web.get("/portal/questionnaires").body()).contains("has not asked you");
		}

		@Test
		@Covers("IOP-DOC-01")
		void aMissingOrInvalidAnswerIsRefusedWholeAndItemNineRaisesTheSafetyTask() {
			String measures = "/clients/" + clinic.clientOf(riley) + "/measures";
			assertThat(Http.location(clinicianWeb.postForm(measures + "/assignments", measures,
					Map.of("instrument", "PHQ-9", "everyDays", "7", "firstDue", java.time.LocalDate.now().toString()))))
				.endsWith("?assigned");
			assertThat(rileyWeb.get("/portal").body()).contains("Fill in your PHQ-9 questionnaire");
			assertThat(rileyWeb.get("/portal/questionnaires/phq-9").body()).contains("<fieldset", "<legend",
					"Little interest or pleasure in doing things");

			Map<String, String> missing = answers(9, 1);
			missing.remove("item4");
			HttpResponse<String> incomplete = rileyWeb.postForm("/portal/questionnaires/phq-9",
					"/portal/questionnaires/phq-9", missing);
			assertThat(incomplete.statusCode()).isEqualTo(400);
			assertThat(incomplete.body()).contains("Please answer every question: question 4");
			Map<String, String> invalid = answers(9, 1);
			invalid.put("item2", "7");
			assertThat(rileyWeb.postForm("/portal/questionnaires/phq-9", "/portal/questionnaires/phq-9", invalid)
				.statusCode()).isEqualTo(400);
			assertThat(measures(riley)).as("nothing written").isZero();

			Map<String, String> concerning = answers(9, 1);
			concerning.put("item9", "1");
			HttpResponse<String> sent = rileyWeb.postForm("/portal/questionnaires/phq-9",
					"/portal/questionnaires/phq-9", concerning);
			assertThat(Http.location(sent)).contains("/portal/questionnaires?done=");
			assertThat(measures(riley)).isEqualTo(1);
			String result = rileyWeb.get(Http.location(sent).replaceFirst("^https://[^/]+", "")).body();
			assertThat(result).contains("9 out of 27", "mild", "has been told and will contact you today", "988");
			assertThat(result).contains("<svg", "PHQ-9 totals:");
			assertThat(db.sql("SELECT count(*) FROM records.safety_task WHERE client_id = ? AND status = 'open'")
				.param(clinic.clientOf(riley).value())
				.query(Long.class)
				.single()).isEqualTo(1);
			assertThat(rileyWeb.get("/portal").body()).doesNotContain("Fill in your PHQ-9 questionnaire");
		}

		private Map<String, String> answers(int items, int value) {
			Map<String, String> answers = new java.util.HashMap<>();
			for (int i = 1; i <= items; i++) {
				answers.put("item" + i, String.valueOf(i == 9 ? 0 : value));
			}
			return answers;
		}

		private long measures(Actor client) {
			return db.sql("SELECT count(*) FROM records.measure WHERE client_id = ?")
				.param(clinic.clientOf(client).value())
				.query(Long.class)
				.single();
		}

	}

	@Nested
	class Documents {

		@Test
		void aClientListsAndDownloadsOnlyWhatStaffSharedWithThem() {
			UUID letter = clinic.document(riley, "Letter for Riley");
			UUID samsLetter = clinic.document(sam, "Letter for Sam");
			assertThat(rileyWeb.get("/portal/documents").body()).doesNotContain("Letter for Riley");
			assertThat(rileyWeb.get("/portal/documents/" + letter).statusCode()).as("not shared yet").isEqualTo(404);

			String page = "/clients/" + clinic.clientOf(riley) + "/documents";
			assertThat(Http.location(clinicianWeb.postForm(page + "/" + letter + "/share", page, Map.of())))
				.endsWith("?shared");
			assertThat(rileyWeb.get("/portal/documents").body()).contains("Letter for Riley");
			HttpResponse<String> download = rileyWeb.get("/portal/documents/" + letter);
			assertThat(download.statusCode()).isEqualTo(200);
			assertThat(download.body()).startsWith("%PDF-");
			assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("attachment")
				.doesNotContain("Riley");
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND actor_user = ?::uuid AND action = 'READ' "
					+ "AND resource_type = 'document' AND resource_id = ? AND outcome = 'ALLOWED'",
					clinic.clientOf(riley).toString(), riley.user().toString(), letter.toString())).isEqualTo(1);

			String samsPage = "/clients/" + clinic.clientOf(sam) + "/documents";
			clinicianWeb.postForm(samsPage + "/" + samsLetter + "/share", samsPage, Map.of());
			HttpResponse<String> guessed = rileyWeb.get("/portal/documents/" + samsLetter);
			assertThat(guessed.statusCode()).isEqualTo(404);
			assertThat(guessed.body()).doesNotStartWith("%PDF-");
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND actor_user = ?::uuid AND outcome = 'DENIED'"
					+ " AND resource_type = 'document'", clinic.clientOf(riley).toString(), riley.user().toString()))
				.isGreaterThanOrEqualTo(1);
		}

	}

	private static String find(Pattern pattern, String page) {
		Matcher matcher = pattern.matcher(page);
		assertThat(matcher.find()).as(pattern.pattern()).isTrue();
		return matcher.group(1);
	}

}
