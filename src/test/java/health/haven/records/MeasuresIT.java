package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.support.AuditLog;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measurement-based care over HTTP: PHQ-9 and GAD-7 submitted by the client or their care team, scored with severity
 * bands, sealed, charted; PHQ-9 item 9 above 0 opens an urgent safety task and an alert for the care team only.
 */
class MeasuresIT {

	static final Pattern CSRF_META = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"");

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	@Nested
	class SafetyEscalation {

		@Test
		void phq9Item9AboveZeroOpensAnUrgentTaskAndAnAlertForTheCareTeamOnly() {
			String client = team("Evening SUD team").get(5);
			Http clinician = signedIn("clinician@demo.haven.test");
			long tasksBefore = openTasks(client);

			HttpResponse<String> saved = submitForm(clinician, client, "PHQ-9", 0, 1, 1, 0, 0, 0, 0, 0, 1);
			assertThat(saved.statusCode()).isEqualTo(302);
			assertThat(Http.location(saved)).contains("/clients/" + client + "/measures");

			assertThat(openTasks(client)).isEqualTo(tasksBefore + 1);
			String task = db.sql("""
					SELECT id::text FROM records.safety_task WHERE client_id = ?::uuid AND status = 'open'
					ORDER BY opened_at DESC LIMIT 1""").param(client).query(String.class).single();
			assertThat(AuditLog.awaitCount(db, 1,
					"client_id = ?::uuid AND resource_type = 'safety_task' AND resource_id = ? AND action = 'CREATE'",
					client, task)).isEqualTo(1);
			assertThat(AuditLog.awaitDetails(db, "resource_type = 'safety_task' AND resource_id = ?", task))
				.contains("PHQ9_ITEM9");

			String anyPage = clinician.get("/clients").body();
			assertThat(anyPage).contains("Urgent safety follow-up", "/clients/" + client + "/measures");
			assertThat(signedIn("facilitator@demo.haven.test").get("/account/sessions").body())
				.as("everyone on the care team sees it").contains("/clients/" + client + "/measures");
			assertThat(signedIn("clinician2@demo.haven.test").get("/clients").body())
				.as("another team's clinician does not").doesNotContain("/clients/" + client + "/measures");
			assertThat(signedIn("director@demo.haven.test").get("/clients").body())
				.as("the program's director does").contains("/clients/" + client + "/measures");
			assertThat(signedIn("billing@demo.haven.test").get("/clients").body())
				.as("billing sees no clinical alert").doesNotContain("Urgent safety follow-up");

			String page = clinician.get("/clients/" + client + "/measures").body();
			assertThat(page).contains("Urgent safety tasks", "Followed up: close this task");

			HttpResponse<String> closed = clinician.postForm(
					"/clients/" + client + "/measures/safety-tasks/" + task + "/close", "/clients/" + client + "/measures",
					Map.of());
			assertThat(closed.statusCode()).isEqualTo(302);
			assertThat(AuditLog.awaitCount(db, 1, "resource_type = 'safety_task' AND resource_id = ? AND action = 'UPDATE'"
					+ " AND actor_user = ?::uuid", task, TestServer.accountIdOf("clinician@demo.haven.test")))
				.as("closing is audited").isEqualTo(1);
			assertThat(db.sql("SELECT status || ':' || closed_by FROM records.safety_task WHERE id = ?::uuid")
				.param(task)
				.query(String.class)
				.single()).isEqualTo("closed:" + TestServer.accountIdOf("clinician@demo.haven.test"));
			assertThat(clinician.get("/clients").body()).doesNotContain("safety-tasks/" + task)
				.doesNotContain("href=\"/clients/" + client + "/measures\"");
			assertThat(clinician.postForm("/clients/" + client + "/measures/safety-tasks/" + task + "/close",
					"/clients/" + client + "/measures", Map.of()).statusCode())
				.as("closing it twice is a conflict").isEqualTo(409);
		}

		@Test
		void phq9Item9AtZeroOpensNoTask() {
			String client = team("Evening SUD team").get(4);
			long tasksBefore = openTasks(client);
			long measuresBefore = measures(client);
			assertThat(submitForm(signedIn("clinician@demo.haven.test"), client, "PHQ-9", 3, 3, 3, 3, 3, 3, 3, 3, 0)
				.statusCode()).isEqualTo(302);
			assertThat(measures(client)).isEqualTo(measuresBefore + 1);
			assertThat(openTasks(client)).isEqualTo(tasksBefore);
		}

	}

	@Test
	void theClientSubmitsThroughThePortalAndSeesTheirScoresBandsAndTrend() {
		Http portal = signedIn("client@demo.haven.test");
		String own = db.sql("SELECT client_id::text FROM identity.client_account WHERE user_id = ?::uuid")
			.param(TestServer.accountIdOf("client@demo.haven.test"))
			.query(String.class)
			.single();
		HttpResponse<String> created = postJson(portal, "/api/v1/clients/" + own + "/measures",
				"{\"instrument\": \"GAD-7\", \"answers\": [1, 2, 1, 2, 1, 2, 1]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode measure = JsonMapper.builder().build().readTree(created.body());
		assertThat(measure.get("total").asInt()).isEqualTo(10);
		assertThat(measure.get("band").asString()).isEqualTo("moderate");
		assertThat(measure.get("panelLoinc").asString()).isEqualTo("69737-5");
		assertThat(measure.get("totalLoinc").asString()).isEqualTo("70274-6");
		assertThat(AuditLog.awaitCount(db, 1,
				"client_id = ?::uuid AND resource_type = 'measure' AND resource_id = ? AND action = 'CREATE'"
						+ " AND purpose = 'PATIENT_REQUEST' AND outcome = 'ALLOWED'",
				own, measure.get("id").asString())).isEqualTo(1);

		byte[] sealed = db.sql("SELECT answers FROM records.measure WHERE id = ?::uuid")
			.param(measure.get("id").asString())
			.query(byte[].class)
			.single();
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).as("answers are sealed").doesNotContain("1,2,1");

		String list = portal.get("/api/v1/clients/" + own + "/measures", "application/json").body();
		assertThat(list).contains("\"band\":\"moderate\"", "\"total\":10");

		HttpResponse<String> chart = portal.get("/api/v1/clients/" + own + "/measures/trend.svg", "image/svg+xml");
		assertThat(chart.statusCode()).isEqualTo(200);
		assertThat(chart.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
		assertThat(chart.body()).startsWith("<svg").contains("role=\"img\"", "aria-label=\"", "<title>", "GAD-7 totals:",
				"10 (moderate)", "severe 15-21").doesNotContain("<script");
	}

	@Test
	void aClientAnsweringItem9AboveZeroInThePortalIsToldWhereToGetHelpAndTheirTeamIsAlerted() {
		Http portal = signedIn("client2@demo.haven.test");
		String own = db.sql("SELECT client_id::text FROM identity.client_account WHERE user_id = ?::uuid")
			.param(TestServer.accountIdOf("client2@demo.haven.test"))
			.query(String.class)
			.single();
		long before = openTasks(own);
		HttpResponse<String> created = postJson(portal, "/api/v1/clients/" + own + "/measures",
				"{\"instrument\": \"PHQ-9\", \"answers\": [2, 2, 1, 1, 1, 2, 1, 0, 2]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).contains("\"safetyConcern\":true", "988", "\"total\":12");
		assertThat(openTasks(own)).isEqualTo(before + 1);
		assertThat(portal.get("/api/v1/clients/" + own, "application/json").body())
			.as("the staff alert is not the client's").doesNotContain("Urgent safety follow-up");
		String task = db.sql("""
				SELECT id::text FROM records.safety_task WHERE client_id = ?::uuid AND status = 'open'
				ORDER BY opened_at DESC LIMIT 1""").param(own).query(String.class).single();
		assertThat(AuditLog.awaitDetails(db, "resource_type = 'safety_task' AND resource_id = ?", task))
			.contains("PHQ9_ITEM9");
		Http clinician = signedIn("clinician@demo.haven.test");
		assertThat(clinician.get("/clients").body()).contains("/clients/" + own + "/measures");
		assertThat(clinician.postForm("/clients/" + own + "/measures/safety-tasks/" + task + "/close",
				"/clients/" + own + "/measures", Map.of()).statusCode()).isEqualTo(302);
	}

	@Test
	void theStaffPageShowsTheHistoryTheChartAndTheForms() {
		String client = team("Evening SUD team").get(3);
		Http clinician = signedIn("clinician@demo.haven.test");
		assertThat(submitForm(clinician, client, "PHQ-9", 1, 1, 1, 1, 1, 1, 1, 1, 0).statusCode()).isEqualTo(302);
		String page = clinician.get("/clients/" + client + "/measures").body();
		assertThat(page).contains("<svg", "role=\"img\"", "PHQ-9 totals:", "8 (mild)", "8 / 27",
				"Little interest or pleasure in doing things", "name=\"item9\"", "Enter a GAD-7")
			.doesNotContain("<script>");
	}

	@Test
	void partTwoQuestionnairesAreKeptApartFromGeneralOnes() {
		String client = team("Evening SUD team").get(3);
		Http clinician = signedIn("clinician@demo.haven.test");
		HttpResponse<String> created = postJson(clinician, "/api/v1/clients/" + client + "/measures?category=SUD_PART2",
				"{\"instrument\": \"GAD-7\", \"answers\": [3, 3, 3, 3, 3, 0, 0]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).contains("\"category\":\"SUD_PART2\"", "\"total\":15", "\"band\":\"severe\"");
		String id = JsonMapper.builder().build().readTree(created.body()).get("id").asString();
		assertThat(clinician.get("/api/v1/clients/" + client + "/measures?category=SUD_PART2", "application/json")
			.body()).contains(id);
		assertThat(clinician.get("/api/v1/clients/" + client + "/measures", "application/json").body())
			.doesNotContain(id);
		assertThat(AuditLog.awaitDetails(db, "resource_type = 'measure' AND resource_id = ?", id))
			.contains("SUD_PART2");
	}

	@Test
	void theApiDescribesTheQuestionnaireBody() {
		String docs = signedIn("clinician@demo.haven.test").get("/v3/api-docs", "application/json").body();
		assertThat(docs).contains("/api/v1/clients/{id}/measures", "/api/v1/clients/{id}/measures/trend.svg",
				"Submission");
	}

	@Test
	void theDemoShowsPhq9HistoriesAndOneOpenSafetyAlertForTheDayTeam() {
		List<String> day = team("Day mental-health team");
		long withHistory = day.stream()
			.filter(client -> db.sql("""
					SELECT count(*) FROM records.measure WHERE client_id = ?::uuid AND instrument = '44249-1'""")
				.param(client)
				.query(Long.class)
				.single() >= 6)
			.count();
		assertThat(withHistory).isEqualTo(day.size());
		assertThat(db.sql("""
				SELECT count(*) FROM records.safety_task WHERE client_id = ANY (?::uuid[]) AND status = 'open'""")
			.param("{" + String.join(",", day) + "}")
			.query(Long.class)
			.single()).isGreaterThanOrEqualTo(1);
		String page = signedIn("clinician2@demo.haven.test").get("/clients").body();
		assertThat(page).contains("Urgent safety follow-up");
	}

	@Nested
	class BadInputChangesNothing {

		final String client = team("Evening SUD team").get(2);

		@Test
		void theWrongNumberOfAnswersIsRefusedWithAClearMessage() {
			long before = measures(client);
			HttpResponse<String> response = postJson(signedIn("clinician@demo.haven.test"),
					"/api/v1/clients/" + client + "/measures",
					"{\"instrument\": \"PHQ-9\", \"answers\": [0, 0, 0, 0, 0, 0, 0, 1]}");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("RECORDS_MEASURE_ANSWER_COUNT", "exactly 9 answers");
			assertThat(measures(client)).isEqualTo(before);
		}

		@Test
		void anAnswerOutsideZeroToThreeIsRefused() {
			long before = measures(client);
			long tasks = openTasks(client);
			HttpResponse<String> response = postJson(signedIn("clinician@demo.haven.test"),
					"/api/v1/clients/" + client + "/measures",
					"{\"instrument\": \"PHQ-9\", \"answers\": [0, 0, 0, 0, 0, 0, 0, 0, 4]}");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("RECORDS_MEASURE_ANSWER_INVALID");
			assertThat(measures(client)).isEqualTo(before);
			assertThat(openTasks(client)).isEqualTo(tasks);
			assertThat(submitForm(signedIn("clinician@demo.haven.test"), client, "GAD-7", 0, 0, 0, 0, 0, 0, 7)
				.statusCode()).as("the same on the page").isEqualTo(400);
			assertThat(measures(client)).isEqualTo(before);
		}

		@Test
		void anUnknownInstrumentOrABodyThatIsNotAQuestionnaireIsRefused() {
			long before = measures(client);
			Http clinician = signedIn("clinician@demo.haven.test");
			assertThat(postJson(clinician, "/api/v1/clients/" + client + "/measures",
					"{\"instrument\": \"BDI-II\", \"answers\": [0, 0, 0]}").body())
				.contains("RECORDS_MEASURE_INSTRUMENT_UNKNOWN");
			assertThat(postJson(clinician, "/api/v1/clients/" + client + "/measures", "not json").statusCode())
				.isEqualTo(400);
			assertThat(measures(client)).isEqualTo(before);
		}

	}

	@Nested
	class WhoMaySubmit {

		@Test
		void anotherTeamsClinicianGetsNotFoundAndTheDenialIsAudited() {
			String client = team("Evening SUD team").get(1);
			long before = measures(client);
			long denials = AuditLog.awaitCount(db, 0,
					"client_id = ?::uuid AND resource_type = 'measure' AND outcome = 'DENIED'", client);
			HttpResponse<String> response = postJson(signedIn("clinician2@demo.haven.test"),
					"/api/v1/clients/" + client + "/measures",
					"{\"instrument\": \"PHQ-9\", \"answers\": [0, 0, 0, 0, 0, 0, 0, 0, 2]}");
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(measures(client)).isEqualTo(before);
			assertThat(AuditLog.awaitCount(db, denials + 1,
					"client_id = ?::uuid AND resource_type = 'measure' AND outcome = 'DENIED'", client))
				.isEqualTo(denials + 1);
		}

		@Test
		void billingMayNotSubmitOrReadQuestionnaires() {
			String client = team("Day mental-health team").get(1);
			Http billing = signedIn("billing@demo.haven.test");
			assertThat(postJson(billing, "/api/v1/clients/" + client + "/measures",
					"{\"instrument\": \"GAD-7\", \"answers\": [0, 0, 0, 0, 0, 0, 0]}").statusCode()).isEqualTo(403);
			assertThat(billing.get("/api/v1/clients/" + client + "/measures", "application/json").statusCode())
				.isEqualTo(403);
		}

	}

	private HttpResponse<String> submitForm(Http http, String client, String instrument, int... answers) {
		Map<String, String> fields = new HashMap<>();
		fields.put("instrument", instrument);
		for (int i = 0; i < answers.length; i++) {
			fields.put("item" + (i + 1), String.valueOf(answers[i]));
		}
		return http.postForm("/clients/" + client + "/measures", "/clients/" + client + "/measures", fields);
	}

	private HttpResponse<String> postJson(Http http, String path, String body) {
		Matcher csrf = CSRF_META.matcher(http.get("/account/sessions").body());
		assertThat(csrf.find()).as("a CSRF token").isTrue();
		return http.send(HttpRequest.newBuilder(http.uri(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("X-CSRF-TOKEN", csrf.group(1))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private long openTasks(String client) {
		return db.sql("SELECT count(*) FROM records.safety_task WHERE client_id = ?::uuid AND status = 'open'")
			.param(client)
			.query(Long.class)
			.single();
	}

	private long measures(String client) {
		return db.sql("SELECT count(*) FROM records.measure WHERE client_id = ?::uuid")
			.param(client)
			.query(Long.class)
			.single();
	}

	private Http signedIn(String email) {
		return Http.signedIn(server, DemoAccounts.read(server.dataDir())
			.stream()
			.filter(account -> account.username().equals(email))
			.findFirst()
			.orElseThrow());
	}

	private List<String> team(String name) {
		return db.sql("""
				SELECT c.client_id::text FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
				WHERE t.name = ? AND t.org_id = (SELECT org_id FROM operations.demo_seed) ORDER BY c.client_id""")
			.param(name)
			.query(String.class)
			.list();
	}

}
