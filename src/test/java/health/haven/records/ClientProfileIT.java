package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.support.AuditLog;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registration at admission, the client profile (sealed, versioned, each section under its own category) and finding
 * a client by name and date of birth, over HTTP in a clinic of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientProfileIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	ChartClinic clinic;

	Http frontDesk;

	Http admin;

	@BeforeAll
	void clinic() {
		clinic = new ChartClinic(server);
		frontDesk = clinic.frontDesk;
		admin = clinic.staff("admin", Role.ORG_ADMIN);
	}

	@Nested
	class Registration {

		@Test
		void clinicianRegistersAClientWhoJoinsTheirCareTeamAndStaysHiddenFromOtherTeams() {
			HttpResponse<String> registered = clinic.clinician.postJson("/api/v1/clients", registration(uniqueName(),
					"1987-04-12", "tx", "+1 512 555 0199"));
			assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
			String id = json(registered).get("id").asString();

			JsonNode shown = json(clinic.clinician.get("/api/v1/clients/" + id, "application/json"));
			assertThat(shown.get("state").asString()).isEqualTo("TX");
			assertThat(clinic.otherClinician.get("/api/v1/clients/" + id, "application/json").statusCode())
				.isEqualTo(404);
			assertThat(db.sql("SELECT count(*) FROM identity.care_team_client WHERE client_id = ?::uuid AND care_team_id = ?")
				.params(id, clinic.team)
				.query(Long.class)
				.single()).isEqualTo(1);
		}

		@Test
		void frontDeskRegistersOnTheCareTeamTheyChooseAndThroughThePage() {
			HttpResponse<String> registered = frontDesk.postJson("/api/v1/clients", """
					{"name": "%s", "dateOfBirth": "1990-01-31", "state": "OR", "careTeam": "%s"}"""
				.formatted(uniqueName(), clinic.otherTeam));
			assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
			String id = json(registered).get("id").asString();
			assertThat(clinic.otherClinician.get("/api/v1/clients/" + id, "application/json").statusCode())
				.isEqualTo(200);

			assertThat(frontDesk.get("/clients/new").statusCode()).isEqualTo(200);
			HttpResponse<String> page = frontDesk.postForm("/clients/new", "/clients/new",
					Map.of("name", uniqueName(), "dateOfBirth", "1975-06-01", "state", "WA", "contact", ""));
			assertThat(page.statusCode()).isEqualTo(302);
			assertThat(Http.location(page)).matches(".*/clients/[0-9a-f-]{36}\\?registered");
		}

		@Test
		void billingFacilitatorsAdminsAndClientsMayNotRegisterAndNothingIsWritten() {
			long before = clients();
			for (Http refused : new Http[] { clinic.billing, clinic.facilitator, admin, clinic.client }) {
				HttpResponse<String> response = refused.postJson("/api/v1/clients",
						registration(uniqueName(), "1980-01-01", "TX", null));
				assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
			}
			assertThat(admin.get("/clients/new").statusCode()).isEqualTo(403);
			assertThat(clients()).isEqualTo(before);
		}

		@Test
		void badInputIsRefusedClearlyAndWritesNothing() {
			long before = clients();
			Map<String, String> refusals = Map.of(registration("", "1980-01-01", "TX", null),
					"RECORDS_CLIENT_NAME_INVALID", registration(uniqueName(), "01/02/1980", "TX", null),
					"RECORDS_CLIENT_BIRTH_DATE_INVALID", registration(uniqueName(), LocalDate.now().plusDays(1).toString(),
							"TX", null),
					"RECORDS_CLIENT_BIRTH_DATE_INVALID", registration(uniqueName(), "1980-01-01", "ZZ", null),
					"RECORDS_CLIENT_STATE_INVALID", """
							{"name": "%s", "dateOfBirth": "1980-01-01", "state": "TX", "careTeam": "%s"}"""
						.formatted(uniqueName(), clinic.otherTeam),
					"RECORDS_CARE_TEAM_INVALID");
			refusals.forEach((body, code) -> {
				HttpResponse<String> response = clinic.clinician.postJson("/api/v1/clients", body);
				assertThat(response.statusCode()).as(body).isEqualTo(400);
				assertThat(json(response).get("code").asString()).isEqualTo(code);
			});
			HttpResponse<String> page = clinic.clinician.postForm("/clients/new", "/clients/new",
					Map.of("name", uniqueName(), "dateOfBirth", "1980-01-01", "state", "XX"));
			assertThat(page.statusCode()).isEqualTo(400);
			assertThat(page.body()).contains("two-letter US state");
			assertThat(clients()).isEqualTo(before);
		}

		@Test
		void aDuplicateIs409AndNamesTheExistingClientOnlyToThoseWhoMaySeeThem() {
			String name = uniqueName();
			String id = json(clinic.clinician.postJson("/api/v1/clients", registration(name, "1982-08-08", "TX", null)))
				.get("id").asString();
			long before = clients();

			HttpResponse<String> outsider = clinic.otherClinician.postJson("/api/v1/clients",
					registration("  " + name.toUpperCase() + " ", "1982-08-08", "CA", null));
			assertThat(outsider.statusCode()).isEqualTo(409);
			assertThat(json(outsider).get("code").asString()).isEqualTo("RECORDS_CLIENT_ALREADY_REGISTERED");
			assertThat(outsider.body()).doesNotContain(id);

			HttpResponse<String> insider = clinic.clinician.postJson("/api/v1/clients",
					registration(name, "1982-08-08", "TX", null));
			assertThat(insider.statusCode()).isEqualTo(409);
			assertThat(json(insider).get("existingClient").asString()).isEqualTo(id);
			assertThat(clients()).isEqualTo(before);
			assertThat(AuditLog.awaitCount(db, 2,
					"client_id = ?::uuid AND action = 'CREATE' AND outcome = 'DENIED' AND details LIKE '%ALREADY_REGISTERED%'",
					id)).isEqualTo(2);
		}

	}

	@Nested
	class Profile {

		@Test
		void theProfileRoundTripsAndIsSealedInTheDatabase() {
			ClientId client = clinic.newClient();
			HttpResponse<String> saved = clinic.clinician.putJson(profile(client), """
					{"basedOn": 0,
					 "demographics": {"preferredName": "Quillon", "pronouns": "they/them",
					   "emergencyContactName": "Marisol Vantreece", "emergencyContactRelationship": "sister",
					   "emergencyContactPhone": "+1 503 555 0142"},
					 "riskFlags": [{"kind": "SUICIDE_RISK", "note": "Passive ideation reported at intake"}]}""");
			assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
			assertThat(json(saved).get("version").asInt()).isEqualTo(1);

			JsonNode shown = json(clinic.clinician.get(profile(client), "application/json"));
			assertThat(shown.get("demographics").get("preferredName").asString()).isEqualTo("Quillon");
			assertThat(shown.get("demographics").get("emergencyContactPhone").asString()).isEqualTo("+1 503 555 0142");
			assertThat(shown.get("riskFlags").get(0).get("kind").asString()).isEqualTo("SUICIDE_RISK");
			assertThat(shown.get("riskFlags").get(0).get("note").asString()).isEqualTo("Passive ideation reported at intake");
			assertThat(clinic.clinician.get("/clients/" + client).body()).contains("Quillon", "they/them", "Suicide risk");

			byte[] row = db.sql("""
					SELECT demographics || insurance || risk_flags FROM records.client_profile WHERE client_id = ?""")
				.param(client.value())
				.query(byte[].class)
				.single();
			String bytes = new String(row, StandardCharsets.ISO_8859_1);
			for (String plain : new String[] { "Quillon", "they/them", "Vantreece", "555 0142", "SUICIDE_RISK",
					"Passive ideation" }) {
				assertThat(bytes).doesNotContain(plain);
			}
		}

		@Test
		void aStaleEditIs409AndLeavesTheVersionBefore() {
			ClientId client = clinic.newClient();
			assertThat(clinic.clinician.putJson(profile(client), demographics(0, "Wren")).statusCode()).isEqualTo(200);
			assertThat(frontDesk.putJson(profile(client), demographics(1, "Wrenna")).statusCode()).isEqualTo(200);

			HttpResponse<String> stale = clinic.clinician.putJson(profile(client), demographics(1, "Robin"));
			assertThat(stale.statusCode()).isEqualTo(409);
			assertThat(json(stale).get("code").asString()).isEqualTo("RECORDS_PROFILE_STALE");
			JsonNode shown = json(clinic.clinician.get(profile(client), "application/json"));
			assertThat(shown.get("version").asInt()).isEqualTo(2);
			assertThat(shown.get("demographics").get("preferredName").asString()).isEqualTo("Wrenna");
			assertThat(db.sql("SELECT count(*) FROM records.client_profile WHERE client_id = ?").param(client.value())
				.query(Long.class).single()).as("every version is kept").isEqualTo(2);

			HttpResponse<String> page = clinic.clinician.postForm("/clients/" + client + "/profile",
					"/clients/" + client + "/profile", Map.of("section", "DEMOGRAPHICS", "basedOn", "1",
							"preferredName", "Robin"));
			assertThat(page.statusCode()).isEqualTo(409);
			assertThat(page.body()).contains("someone else changed the profile");
		}

		@Test
		void billingKeepsAndSeesInsuranceButNoRiskFlags() {
			ClientId client = clinic.newClient();
			assertThat(clinic.clinician.putJson(profile(client), """
					{"basedOn": 0, "riskFlags": [{"kind": "OVERDOSE_RISK"}]}""").statusCode()).isEqualTo(200);
			HttpResponse<String> insurance = clinic.billing.putJson(profile(client), """
					{"basedOn": 1, "insurance": {"payer": "Cascade Health Plan", "memberId": "CHP-778812",
					 "groupNumber": "G-55", "subscriberRelation": "spouse"}}""");
			assertThat(insurance.statusCode()).as(insurance.body()).isEqualTo(200);

			JsonNode billing = json(clinic.billing.get(profile(client), "application/json"));
			assertThat(billing.get("insurance").get("memberId").asString()).isEqualTo("CHP-778812");
			assertThat(billing.get("insurance").get("subscriberRelation").asString()).isEqualTo("SPOUSE");
			assertThat(hidden(billing, "riskFlags")).isTrue();
			assertThat(clinic.billing.get(profile(client), "application/json").body()).doesNotContain("OVERDOSE");

			JsonNode clinician = json(clinic.clinician.get(profile(client), "application/json"));
			assertThat(hidden(clinician, "insurance")).as("minimum necessary").isTrue();
			assertThat(clinician.get("riskFlags").get(0).get("kind").asString()).as("kept by billing's edit")
				.isEqualTo("OVERDOSE_RISK");

			assertThat(clinic.billing.putJson(profile(client), """
					{"basedOn": 2, "riskFlags": []}""").statusCode()).isEqualTo(403);
			assertThat(clinic.clinician.putJson(profile(client), """
					{"basedOn": 2, "insurance": {"payer": "Other", "memberId": "1"}}""").statusCode()).isEqualTo(403);
			assertThat(json(clinic.clinician.get(profile(client), "application/json")).get("version").asInt())
				.isEqualTo(2);
		}

		@Test
		void theFrontDeskSeesDemographicsButNoRiskFlagsOrInsurance() {
			ClientId client = clinic.newClient();
			assertThat(clinic.clinician.putJson(profile(client), """
					{"basedOn": 0, "demographics": {"preferredName": "Tamsin", "pronouns": "she/her"},
					 "riskFlags": [{"kind": "VIOLENCE_RISK", "note": "Threats toward ex-partner"}]}""").statusCode())
				.isEqualTo(200);

			JsonNode shown = json(frontDesk.get(profile(client), "application/json"));
			assertThat(shown.get("demographics").get("preferredName").asString()).isEqualTo("Tamsin");
			assertThat(hidden(shown, "riskFlags")).isTrue();
			assertThat(hidden(shown, "insurance")).isTrue();
			String page = frontDesk.get("/clients/" + client).body();
			assertThat(page).contains("Tamsin", "she/her").doesNotContain("violence").doesNotContain("Threats");
			assertThat(frontDesk.get("/clients/" + client + "/profile").body()).doesNotContain("Threats")
				.doesNotContain("Risk flags");
			assertThat(frontDesk.putJson(profile(client), """
					{"basedOn": 1, "riskFlags": []}""").statusCode()).isEqualTo(403);
		}

		@Test
		void facilitatorsReadButDoNotChangeAndOtherTeamsGetNotFound() {
			ClientId client = clinic.newClient();
			assertThat(clinic.facilitator.get(profile(client), "application/json").statusCode()).isEqualTo(200);
			assertThat(clinic.facilitator.putJson(profile(client), demographics(0, "X")).statusCode()).isEqualTo(403);
			assertThat(clinic.otherClinician.get(profile(client), "application/json").statusCode()).isEqualTo(404);
			assertThat(clinic.otherClinician.putJson(profile(client), demographics(0, "X")).statusCode())
				.isEqualTo(404);
			assertThat(clinic.clinician.putJson(profile(client), """
					{"basedOn": 0, "demographics": {"emergencyContactName": "Someone"}}""").statusCode())
				.as("an emergency contact without a phone").isEqualTo(400);
			assertThat(db.sql("SELECT count(*) FROM records.client_profile WHERE client_id = ?").param(client.value())
				.query(Long.class).single()).isZero();
		}

		@Test
		void aDischargedClientsProfileIsReadOnly() {
			ClientId client = clinic.newClient();
			assertThat(clinic.clinician.putJson(profile(client), demographics(0, "Ash")).statusCode()).isEqualTo(200);
			HttpResponse<String> discharged = clinic.clinician.postJson("/api/v1/clients/" + client + "/discharge", """
					{"reason": "completed", "dischargedOn": "%s", "summary": "Goals met", "aftercarePlan": "Outpatient"}"""
				.formatted(LocalDate.now()));
			assertThat(discharged.statusCode()).as(discharged.body()).isEqualTo(201);

			HttpResponse<String> refused = clinic.clinician.putJson(profile(client), demographics(1, "Ashley"));
			assertThat(refused.statusCode()).isEqualTo(409);
			assertThat(json(refused).get("code").asString()).isEqualTo("RECORDS_CLIENT_DISCHARGED");
			JsonNode shown = json(clinic.clinician.get(profile(client), "application/json"));
			assertThat(shown.get("demographics").get("preferredName").asString()).isEqualTo("Ash");
			assertThat(shown.get("mayChange").size()).isZero();
			assertThat(clinic.clinician.get("/clients/" + client + "/profile").body()).contains("discharged")
				.doesNotContain("Save name, pronouns");
		}

	}

	@Nested
	class Search {

		@Test
		void findsAClientInOnesCareAndAnswersOutsideItExactlyAsNoMatch() {
			String name = uniqueName();
			String id = json(clinic.clinician.postJson("/api/v1/clients", registration(name, "1993-03-03", "TX", null)))
				.get("id").asString();
			String query = "?name=" + java.net.URLEncoder.encode("  " + name.toLowerCase() + " ", StandardCharsets.UTF_8)
					+ "&dateOfBirth=1993-03-03";

			HttpResponse<String> found = clinic.clinician.get("/api/v1/clients/search" + query, "application/json");
			assertThat(found.statusCode()).isEqualTo(200);
			assertThat(json(found).get(0).get("id").asString()).isEqualTo(id);

			HttpResponse<String> outside = clinic.otherClinician.get("/api/v1/clients/search" + query,
					"application/json");
			HttpResponse<String> nobody = clinic.otherClinician.get("/api/v1/clients/search?name=Nobody+"
					+ UUID.randomUUID() + "&dateOfBirth=1993-03-03", "application/json");
			assertThat(outside.statusCode()).isEqualTo(nobody.statusCode()).isEqualTo(200);
			assertThat(outside.body()).isEqualTo(nobody.body()).isEqualTo("[]");
			assertThat(clinic.otherClinician.get("/api/v1/clients/search" + query.replace("1993-03-03", "1993-03-04"),
					"application/json").body()).isEqualTo("[]");

			assertThat(AuditLog.awaitCount(db, 1,
					"client_id = ?::uuid AND resource_type = 'client_search' AND outcome = 'DENIED'", id)).isEqualTo(1);
			assertThat(db.sql("SELECT count(*) FROM audit.entry WHERE resource_type = 'client_search' AND details ILIKE ?")
				.param("%" + name.substring(name.length() - 8) + "%")
				.query(Long.class)
				.single()).as("search terms never reach the audit trail").isZero();
		}

		@Test
		void theSearchPagePostsItsTermsAndShowsTheSameAnswerForNoMatchAndNoAccess() {
			String name = uniqueName();
			json(clinic.clinician.postJson("/api/v1/clients", registration(name, "1994-04-04", "TX", null)));
			Map<String, String> form = Map.of("name", name, "dateOfBirth", "1994-04-04");

			HttpResponse<String> found = clinic.clinician.postForm("/clients/search", "/clients", form);
			assertThat(found.statusCode()).isEqualTo(200);
			assertThat(found.body()).contains("Clients found").contains(name);
			HttpResponse<String> outside = clinic.otherClinician.postForm("/clients/search", "/clients", form);
			assertThat(outside.statusCode()).isEqualTo(200);
			assertThat(outside.body()).contains("No client found");
			assertThat(clinic.clinician.postForm("/clients/search", "/clients", Map.of("name", name)).statusCode())
				.isEqualTo(400);
			assertThat(clinic.client.get("/api/v1/clients/search?name=a&dateOfBirth=2000-01-01", "application/json")
				.statusCode()).as("clients use the portal").isEqualTo(403);
		}

	}

	private long clients() {
		return db.sql("SELECT count(*) FROM records.client WHERE org_id = ?").param(clinic.org.value())
			.query(Long.class).single();
	}

	private static String profile(ClientId client) {
		return "/api/v1/clients/" + client + "/profile";
	}

	private static String demographics(int basedOn, String preferredName) {
		return """
				{"basedOn": %d, "demographics": {"preferredName": "%s"}}""".formatted(basedOn, preferredName);
	}

	private static String registration(String name, String dateOfBirth, String state, String contact) {
		return """
				{"name": "%s", "dateOfBirth": "%s", "state": "%s"%s}""".formatted(name, dateOfBirth, state,
				contact == null ? "" : ", \"contact\": \"" + contact + "\"");
	}

	private static String uniqueName() {
		return "Profile Person " + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A section the reader may not see: null (or left out). */
	private static boolean hidden(JsonNode profile, String section) {
		return profile.path(section).isMissingNode() || profile.path(section).isNull();
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
