package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.shared.ClientId;
import health.haven.support.AuditLog;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart summary: demographics, the current plan and the five latest notes with their text, for the care team
 * only; psychotherapy notes never in it; billing sees who the client is but no summary; every part audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Covers({ "PRV-MN-01", "SEC-AU-01" })
class ChartSummaryIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	ChartClinic clinic;

	ClientId client;

	/** Notes 1 to 7, written for seven days in a row ending yesterday: the summary shows 7, 6, 5, 4 and 3. */
	final List<String> notes = new ArrayList<>();

	String psychotherapyNote;

	@BeforeAll
	void writeAChart() {
		clinic = new ChartClinic(server);
		client = clinic.newClient();
		for (int i = 1; i <= 7; i++) {
			notes.add(note(i, "GENERAL", null));
		}
		// Newest of all, but kept apart from the chart.
		psychotherapyNote = note(8, "GENERAL", "PSYCHOTHERAPY");
		HttpResponse<String> plan = clinic.clinician.postJson("/api/v1/clients/" + client + "/treatment-plan", """
				{"basedOn": 0, "problems": [{"statement": "Drinks to sleep", "goals": [{"text": "Sleep without alcohol",
				  "objectives": [{"text": "Five alcohol-free nights a week", "targetDate": "%s",
				    "interventions": [{"text": "CBT-I", "frequency": "weekly"}]}]}]}]}"""
			.formatted(LocalDate.now().plusDays(45)));
		assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
	}

	@Test
	void theCareTeamSeesDemographicsThePlanAndTheFiveLatestNotesWithTheirText() {
		HttpResponse<String> response = clinic.clinician.get(summary(client), "application/json");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode summary = JSON.readTree(response.body());
		assertThat(summary.get("client").get("id").asString()).isEqualTo(client.toString());
		assertThat(summary.get("client").get("name").asString()).startsWith("Test Person");
		assertThat(summary.get("plan").get("exists").asBoolean()).isTrue();
		assertThat(summary.get("plan").get("problems").get(0).get("statement").asString()).isEqualTo("Drinks to sleep");
		assertThat(summary.get("plan").get("reviewStatus").asString()).isEqualTo("NOT_YET_DUE");
		List<String> shown = new ArrayList<>();
		summary.get("recentNotes").forEach(note -> shown.add(note.get("id").asString()));
		assertThat(shown).as("newest first, five of them, no psychotherapy note")
			.containsExactly(notes.get(6), notes.get(5), notes.get(4), notes.get(3), notes.get(2));
		assertThat(summary.get("recentNotes").get(0).get("sections").get(0).get("text").asString())
			.isEqualTo("Session 7 data");
		assertThat(response.body()).doesNotContain(psychotherapyNote).doesNotContain("Session 8");
	}

	@Test
	void theSummaryPageShowsThePlanAndTheLatestNotes() {
		HttpResponse<String> page = clinic.clinician.get("/clients/" + client);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Drinks to sleep", "next review due", "Session 7 data", "Session 3 data")
			.doesNotContain("Session 2 data", "Session 8 data");
	}

	@Test
	void everyPartOfTheSummaryIsAuditedAsARead() {
		long before = reads();
		clinic.clinician.get(summary(client), "application/json");
		// The demographics, the plan and the recent notes: three audited reads at least.
		assertThat(AuditLog.awaitCount(db, before + 3,
				"client_id = ?::uuid AND action = 'READ' AND outcome = 'ALLOWED'", client.toString()))
			.isGreaterThanOrEqualTo(before + 3);
		assertThat(AuditLog.awaitCount(db, 1,
				"client_id = ?::uuid AND resource_type = 'progress_note_recent' AND outcome = 'ALLOWED'",
				client.toString())).isPositive();
	}

	@Test
	void aClinicianOfAnotherTeamFindsNothingAndBillingGetsNoClinicalSummary() {
		assertThat(clinic.otherClinician.get(summary(client), "application/json").statusCode()).isEqualTo(404);
		assertThat(clinic.otherClinician.get(summary(ClientId.random()), "application/json").statusCode())
			.isEqualTo(404);
		HttpResponse<String> billing = clinic.billing.get(summary(client), "application/json");
		assertThat(billing.statusCode()).isEqualTo(403);
		assertThat(billing.body()).doesNotContain("Session", "Drinks");
		assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND resource_type = 'chart_summary' "
				+ "AND outcome = 'DENIED'", client.toString())).isPositive();

		HttpResponse<String> billingPage = clinic.billing.get("/clients/" + client);
		assertThat(billingPage.statusCode()).as("billing may see who the client is").isEqualTo(200);
		assertThat(billingPage.body()).contains("Test Person").doesNotContain("Drinks to sleep", "Session 7");
	}

	@Test
	void aClientWithoutPlanOrNotesHasAnEmptySummary() {
		ClientId fresh = clinic.newClient();
		JsonNode summary = JSON.readTree(clinic.clinician.get(summary(fresh), "application/json").body());
		assertThat(summary.get("plan").get("exists").asBoolean()).isFalse();
		assertThat(summary.get("recentNotes")).isEmpty();
		assertThat(clinic.clinician.get("/clients/" + fresh).body()).contains("No treatment plan yet",
				"No progress notes yet");
	}

	private String note(int day, String category, String kind) {
		String body = """
				{"template": "DAP", %s"category": "%s", "serviceDate": "%s",
				 "sections": {"data": "Session %d data", "assessment": "Assessment %d", "plan": "Plan %d"}}"""
			.formatted(kind == null ? "" : "\"kind\": \"" + kind + "\", ", category,
					LocalDate.now().minusDays(8 - day), day, day, day);
		HttpResponse<String> created = clinic.clinician.postJson("/api/v1/clients/" + client + "/notes", body);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return JSON.readTree(created.body()).get("id").asString();
	}

	private long reads() {
		return db.sql("SELECT count(*) FROM audit.entry WHERE client_id = ?::uuid AND action = 'READ' AND outcome = 'ALLOWED'")
			.param(client.toString())
			.query(Long.class)
			.single();
	}

	private static String summary(ClientId client) {
		return "/api/v1/clients/" + client + "/summary";
	}

}
