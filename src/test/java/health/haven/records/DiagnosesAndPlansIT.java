package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.shared.ClientId;
import health.haven.support.AuditLog;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Diagnoses, medications and treatment plans over HTTP, in a clinic of their own: bad input changes nothing, the
 * plan's review falls due and overdue, the client's agreement is recorded, content is sealed, and only the care
 * team's clinicians write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Covers("PRV-MN-01")
class DiagnosesAndPlansIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	ChartClinic clinic;

	@BeforeAll
	void openTheClinic() {
		clinic = new ChartClinic(server);
	}

	@Nested
	class Diagnoses {

		@Test
		void anUnknownCodeIsRefusedAndNothingIsWritten() {
			ClientId client = clinic.newClient();
			HttpResponse<String> refused = clinic.clinician.postJson(diagnoses(client), """
					{"code": "F99.99", "onset": "2024-03-01"}""");
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("RECORDS_DIAGNOSIS_CODE_UNKNOWN");
			assertThat(clinic.clinician.postJson(diagnoses(client), "{}").body())
				.contains("RECORDS_DIAGNOSIS_CODE_MISSING");
			assertThat(clinic.clinician.postJson(diagnoses(client), """
					{"code": "F41.1", "onset": "%s"}""".formatted(LocalDate.now().plusDays(3))).body())
				.contains("RECORDS_DIAGNOSIS_ONSET_INVALID");
			assertThat(rows("records.diagnosis", client)).isZero();
		}

		@Test
		void aDiagnosisIsSealedShownWithItsTitleAndItsCreationAudited() {
			ClientId client = clinic.newClient();
			HttpResponse<String> added = clinic.clinician.postJson(diagnoses(client), """
					{"code": "f41.1", "onset": "2023-06-01", "primary": true}""");
			assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
			clinic.clinician.postJson(diagnoses(client), """
					{"code": "F33.1"}""");
			JsonNode list = json(clinic.clinician.get(diagnoses(client), "application/json"));
			assertThat(list).hasSize(2);
			assertThat(list.get(0).get("code").asString()).isEqualTo("F41.1");
			assertThat(list.get(0).get("title").asString()).isEqualTo("Generalized anxiety disorder");
			assertThat(list.get(0).get("primary").asBoolean()).isTrue();
			assertThat(list.get(0).get("category").asString()).isEqualTo("GENERAL");
			byte[] sealed = db.sql("SELECT code FROM records.diagnosis WHERE client_id = ? AND is_primary")
				.param(client.value())
				.query(byte[].class)
				.single();
			assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("F41");
			assertThat(AuditLog.awaitCount(db, 2, "client_id = ?::uuid AND action = 'CREATE' AND resource_type = "
					+ "'diagnosis' AND outcome = 'ALLOWED'", client.toString())).isEqualTo(2);
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND action = 'READ' AND resource_type = "
					+ "'diagnoses' AND outcome = 'ALLOWED'", client.toString())).isGreaterThanOrEqualTo(1);
		}

		@Test
		void theStaffPageRefusesAnUnknownCodeClearlyAndListsWhatIsRecorded() {
			ClientId client = clinic.newClient();
			String page = "/clients/" + client + "/diagnoses";
			HttpResponse<String> refused = clinic.clinician.postForm(page, page, Map.of("code", "F41.7"));
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("not an ICD-10-CM code Haven knows");
			assertThat(rows("records.diagnosis", client)).isZero();
			assertThat(Http.location(clinic.clinician.postForm(page, page,
					Map.of("code", "F11.20", "onset", "2022-01-15", "primary", "true")))).endsWith(page + "?added");
			assertThat(clinic.clinician.get(page).body()).contains("F11.20", "Opioid dependence, uncomplicated",
					"(primary)", "Part 2", "2022-01-15");
		}

		@Test
		void substanceUseCodesAreLabelledPartTwoUnlessSaidOtherwise() {
			ClientId client = clinic.newClient();
			clinic.clinician.postJson(diagnoses(client), """
					{"code": "F10.20"}""");
			clinic.clinician.postJson(diagnoses(client), """
					{"code": "F17.210"}""");
			assertThat(db.sql("SELECT category FROM records.diagnosis WHERE client_id = ? ORDER BY recorded_at")
				.param(client.value())
				.query(String.class)
				.list()).containsExactly("SUD_PART2", "GENERAL");
		}

		@Test
		void aResolvedDiagnosisStaysOnTheChartAndCannotBePrimary() {
			ClientId client = clinic.newClient();
			String id = json(clinic.clinician.postJson(diagnoses(client), """
					{"code": "F43.10", "primary": true}""")).get("id").asString();
			assertThat(clinic.clinician.postJson(diagnoses(client) + "/status", """
					{"diagnosis": "%s", "status": "resolved", "primary": true}""".formatted(id)).body())
				.contains("RECORDS_DIAGNOSIS_PRIMARY_RESOLVED");
			assertThat(clinic.clinician.postJson(diagnoses(client) + "/status", """
					{"diagnosis": "%s", "status": "resolved"}""".formatted(id)).statusCode()).isEqualTo(200);
			JsonNode list = json(clinic.clinician.get(diagnoses(client), "application/json"));
			assertThat(list.get(0).get("status").asString()).isEqualTo("resolved");
			assertThat(list.get(0).get("primary").asBoolean()).isFalse();
		}

	}

	@Nested
	class WhoMaySeeAndWrite {

		@Test
		void anotherTeamsClinicianGetsNotFoundAndTheDenialIsAudited() {
			ClientId client = clinic.newClient();
			assertThat(clinic.otherClinician.get(diagnoses(client), "application/json").statusCode()).isEqualTo(404);
			assertThat(clinic.otherClinician.get(plan(client), "application/json").statusCode()).isEqualTo(404);
			assertThat(clinic.otherClinician.postJson(diagnoses(client), """
					{"code": "F41.1"}""").statusCode()).isEqualTo(404);
			assertThat(clinic.otherClinician.get("/clients/" + client + "/plan").statusCode()).isEqualTo(404);
			assertThat(rows("records.diagnosis", client)).isZero();
			assertThat(AuditLog.awaitCount(db, 4, "client_id = ?::uuid AND outcome = 'DENIED'", client.toString()))
				.isGreaterThanOrEqualTo(4);
		}

		@Test
		void billingIsForbiddenClinicalContent() {
			ClientId client = clinic.newClient();
			assertThat(clinic.billing.get(diagnoses(client), "application/json").statusCode()).isEqualTo(403);
			assertThat(clinic.billing.get(plan(client), "application/json").statusCode()).isEqualTo(403);
			assertThat(clinic.billing.get("/api/v1/clients/" + client + "/medications", "application/json")
				.statusCode()).isEqualTo(403);
			assertThat(clinic.billing.postJson(diagnoses(client), """
					{"code": "F41.1"}""").statusCode()).isEqualTo(403);
		}

		@Test
		void aFacilitatorOnTheTeamReadsButDoesNotWriteTheChart() {
			ClientId client = clinic.newClient();
			assertThat(clinic.facilitator.get(diagnoses(client), "application/json").statusCode()).isEqualTo(200);
			assertThat(clinic.facilitator.postJson(diagnoses(client), """
					{"code": "F41.1"}""").statusCode()).isEqualTo(403);
			assertThat(rows("records.diagnosis", client)).isZero();
			assertThat(AuditLog.awaitDetails(db, "client_id = ?::uuid AND action = 'CREATE' AND outcome = 'DENIED'",
					client.toString())).contains("ROLE_MAY_NOT_WRITE");
		}

	}

	@Nested
	class Medications {

		@Test
		void medicationsAndAllergiesAreSealedAndAStaleEditIsRefused() {
			ClientId client = clinic.newClient();
			String path = "/api/v1/clients/" + client + "/medications";
			assertThat(clinic.clinician.postJson(path, "{}").body()).contains("RECORDS_MEDICATIONS_EMPTY");
			assertThat(json(clinic.clinician.postJson(path, """
					{"medications": "sertraline 50 mg daily", "allergies": "penicillin", "basedOn": 0}"""))
				.get("version").asInt()).isEqualTo(1);
			HttpResponse<String> stale = clinic.clinician.postJson(path, """
					{"medications": "none", "basedOn": 0}""");
			assertThat(stale.statusCode()).isEqualTo(409);
			assertThat(stale.body()).contains("RECORDS_MEDICATIONS_STALE");
			JsonNode read = json(clinic.clinician.get(path, "application/json"));
			assertThat(read.get("medications").asString()).isEqualTo("sertraline 50 mg daily");
			assertThat(read.get("version").asInt()).isEqualTo(1);
			byte[] sealed = db.sql("SELECT medications FROM records.medication_record WHERE client_id = ?")
				.param(client.value())
				.query(byte[].class)
				.single();
			assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("sertraline");
		}

	}

	@Nested
	class TreatmentPlans {

		@Test
		void aMissingGoalTextIsRefusedAndNothingIsWritten() {
			ClientId client = clinic.newClient();
			HttpResponse<String> refused = clinic.clinician.postJson(plan(client), planJson(0, "", futureDate()));
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("RECORDS_PLAN_GOAL_MISSING", "goal 1.1 needs its text");
			assertThat(rows("records.treatment_plan", client)).isZero();
			assertThat(json(clinic.clinician.get(plan(client), "application/json")).get("exists").asBoolean())
				.isFalse();
		}

		@Test
		void aTargetDateInThePastIsRefusedForANewObjective() {
			ClientId client = clinic.newClient();
			HttpResponse<String> refused = clinic.clinician.postJson(plan(client),
					planJson(0, "Fewer panic attacks", LocalDate.now().minusDays(1)));
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("RECORDS_PLAN_TARGET_DATE_PAST");
			assertThat(rows("records.treatment_plan", client)).isZero();
		}

		@Test
		void aStaleEditIsRefusedAndEveryVersionIsKept() {
			ClientId client = clinic.newClient();
			assertThat(save(client, 0).statusCode()).isEqualTo(200);
			HttpResponse<String> stale = save(client, 0);
			assertThat(stale.statusCode()).isEqualTo(409);
			assertThat(stale.body()).contains("RECORDS_PLAN_STALE");
			assertThat(save(client, 1).statusCode()).isEqualTo(200);
			assertThat(json(clinic.clinician.get(plan(client), "application/json")).get("version").asInt())
				.isEqualTo(2);
			assertThat(db.sql("""
					SELECT count(*) FROM records.treatment_plan_version v JOIN records.treatment_plan p ON p.id = v.plan_id
					WHERE p.client_id = ?""").param(client.value()).query(Long.class).single()).isEqualTo(2);
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND action = 'CREATE' AND resource_type = "
					+ "'treatment-plan' AND outcome = 'ALLOWED'", client.toString())).isEqualTo(1);
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND action = 'UPDATE' AND resource_type = "
					+ "'treatment-plan' AND outcome = 'ALLOWED'", client.toString())).isEqualTo(1);
		}

		@Test
		void theReviewFallsDueAfterThreeWeeksIsOverdueAfterThirtyDaysAndAReviewResetsIt() {
			ClientId client = clinic.newClient();
			save(client, 0);
			assertThat(review(client).get("reviewStatus").asString()).isEqualTo("NOT_YET_DUE");
			assertThat(review(client).get("reviewDue").asString()).isEqualTo(LocalDate.now().plusDays(30).toString());
			writtenDaysAgo(client, 25);
			assertThat(review(client).get("reviewStatus").asString()).isEqualTo("DUE");
			writtenDaysAgo(client, 31);
			assertThat(review(client).get("reviewStatus").asString()).isEqualTo("OVERDUE");
			assertThat(clinic.clinician.get("/clients/" + client + "/plan").body()).contains("Overdue since");
			assertThat(clinic.clinician.postJson(plan(client) + "/review", """
					{"version": 1}""").statusCode()).isEqualTo(200);
			assertThat(review(client).get("reviewStatus").asString()).isEqualTo("NOT_YET_DUE");
		}

		@Test
		void theClientsAgreementIsRecordedInSessionOrInThePortal() {
			ClientId client = clinic.portalClient;
			if (rows("records.treatment_plan", client) == 0) {
				save(client, 0);
			}
			int version = json(clinic.clinician.get(plan(client), "application/json")).get("version").asInt();
			assertThat(clinic.clinician.postJson(plan(client) + "/agreement", """
					{"version": %d, "agreedBy": "nobody"}""".formatted(version)).body())
				.contains("RECORDS_PLAN_AGREEMENT_BY_INVALID");
			assertThat(clinic.clinician.postJson(plan(client) + "/agreement", """
					{"version": %d, "agreedBy": "GUARDIAN"}""".formatted(version)).statusCode()).isEqualTo(200);
			JsonNode agreed = json(clinic.clinician.get(plan(client), "application/json"));
			assertThat(agreed.get("agreement").get("by").asString()).isEqualTo("GUARDIAN");
			assertThat(agreed.get("agreement").get("how").asString()).isEqualTo("IN_SESSION");
			assertThat(agreed.get("agreedToCurrentVersion").asBoolean()).isTrue();

			HttpResponse<String> own = clinic.client.get(plan(client), "application/json");
			assertThat(own.statusCode()).as("the client reads their own plan").isEqualTo(200);
			assertThat(own.body()).contains("Fewer panic attacks");
			assertThat(clinic.client.postJson(plan(client) + "/agreement", """
					{"version": %d}""".formatted(version)).statusCode())
				.as("a client's agreement is an e-signature: a bare 'I agree' is refused").isEqualTo(400);
			String hash = own.body().replaceAll("(?s).*\"contentSha256\":\"([0-9a-f]{64})\".*", "$1");
			assertThat(clinic.client.postJson(plan(client) + "/agreement", """
					{"version": %d, "contentSha256": "%s", "typedName": "Pat Portal", "agreed": true}"""
				.formatted(version, hash)).statusCode()).isEqualTo(200);
			JsonNode portal = json(clinic.clinician.get(plan(client), "application/json"));
			assertThat(portal.get("agreement").get("by").asString()).isEqualTo("CLIENT");
			assertThat(portal.get("agreement").get("how").asString()).isEqualTo("PORTAL");
			assertThat(clinic.client.postJson(plan(client), planJson(version, "Sleep", futureDate())).statusCode())
				.as("the client does not write their plan").isEqualTo(403);
			assertThat(AuditLog.awaitCount(db, 2, "client_id = ?::uuid AND action = 'UPDATE' AND resource_type = "
					+ "'treatment-plan-agreement' AND outcome = 'ALLOWED'", client.toString()))
				.isGreaterThanOrEqualTo(2);

			save(client, version);
			assertThat(json(clinic.clinician.get(plan(client), "application/json")).get("agreedToCurrentVersion")
				.asBoolean()).as("a new version needs a new agreement").isFalse();
		}

		@Test
		void theStaffPageBuildsAPlanAndShowsARefusalWithoutSavingIt() {
			ClientId client = clinic.newClient();
			String page = "/clients/" + client + "/plan";
			HttpResponse<String> refused = clinic.clinician.postForm(page + "/problems", page,
					Map.of("problem", "Daily drinking", "goal", "", "objective", "x", "objectiveTarget",
							futureDate().toString(), "intervention", "y", "basedOn", "0"));
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("goal 1.1 needs its text");
			assertThat(rows("records.treatment_plan", client)).isZero();
			HttpResponse<String> saved = clinic.clinician.postForm(page + "/problems", page,
					Map.of("problem", "Daily drinking", "goal", "Sustained abstinence", "objective",
							"Negative breath tests at every session for 4 weeks", "objectiveTarget",
							futureDate().toString(), "intervention", "Relapse-prevention group", "frequency",
							"3 evenings a week", "basedOn", "0", "category", "SUD_PART2"));
			assertThat(Http.location(saved)).endsWith(page + "?saved");
			assertThat(clinic.clinician.get(page).body()).contains("Sustained abstinence", "Relapse-prevention group",
					"42 CFR Part 2", "Next due");
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND action = 'READ' AND resource_type = "
					+ "'treatment-plan' AND outcome = 'ALLOWED' AND details::text LIKE '%SUD_PART2%'", client.toString()))
				.as("a plan labelled Part 2 is read (and audited) as Part 2").isGreaterThanOrEqualTo(1);
		}

	}

	private HttpResponse<String> save(ClientId client, int basedOn) {
		return clinic.clinician.postJson(plan(client), planJson(basedOn, "Fewer panic attacks", futureDate()));
	}

	private JsonNode review(ClientId client) {
		return json(clinic.clinician.get(plan(client), "application/json"));
	}

	private void writtenDaysAgo(ClientId client, int days) {
		db.sql("UPDATE records.treatment_plan SET created_at = now() - make_interval(days => ?), reviewed_at = NULL "
				+ "WHERE client_id = ?")
			.params(days, client.value())
			.update();
	}

	private static String planJson(int basedOn, String goal, LocalDate target) {
		return """
				{"basedOn": %d, "problems": [{"statement": "Panic attacks keep the client from work",
				  "goals": [{"text": "%s", "objectives": [{"text": "At most one panic attack a week for 4 weeks",
				    "targetDate": "%s", "interventions": [{"text": "CBT for panic", "frequency": "weekly"}]}]}]}]}"""
			.formatted(basedOn, goal, target);
	}

	private static LocalDate futureDate() {
		return LocalDate.now().plusDays(60);
	}

	private long rows(String table, ClientId client) {
		return db.sql("SELECT count(*) FROM " + table + " WHERE client_id = ?")
			.param(client.value())
			.query(Long.class)
			.single();
	}

	private static String diagnoses(ClientId client) {
		return "/api/v1/clients/" + client + "/diagnoses";
	}

	private static String plan(ClientId client) {
		return "/api/v1/clients/" + client + "/treatment-plan";
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
