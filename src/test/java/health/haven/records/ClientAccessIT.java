package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.support.AuditLog;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who sees which clients in the demo organization: care teams decide for clinical staff, minimum necessary for the
 * rest, and a client sees themself.
 */
@Covers("PRV-MN-01")
class ClientAccessIT {

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	@Test
	void aClinicianSeesOnlyTheirCareTeamsClients() {
		List<String> seen = ids(signedIn("clinician@demo.haven.test"), "/api/v1/clients");
		assertThat(seen).hasSize(6).containsExactlyInAnyOrderElementsOf(team("Evening SUD team"));
		List<String> other = ids(signedIn("clinician2@demo.haven.test"), "/api/v1/clients");
		assertThat(other).hasSize(6).containsExactlyInAnyOrderElementsOf(team("Day mental-health team"))
			.doesNotContainAnyElementsOf(seen);
	}

	@Test
	void theProgramDirectorSeesEveryClientOfTheProgram() {
		assertThat(ids(signedIn("director@demo.haven.test"), "/api/v1/clients")).hasSize(12);
	}

	@Test
	void aClinicianAskingForAnotherTeamsClientGetsNotFoundAndTheDenialIsAudited() {
		Http clinician = signedIn("clinician@demo.haven.test");
		String stranger = team("Day mental-health team").get(0);
		long before = deniedReads(stranger);
		HttpResponse<String> response = clinician.get("/api/v1/clients/" + stranger, "application/json");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("CLIENT_NOT_FOUND").doesNotContain("dateOfBirth");
		assertThat(AuditLog.awaitCount(db, before + 1, "client_id = ?::uuid AND action = 'READ' AND outcome = 'DENIED'",
				stranger)).isEqualTo(before + 1);
		assertThat(clinician.get("/api/v1/clients/" + UUID.randomUUID(), "application/json").statusCode())
			.as("a client that does not exist looks the same").isEqualTo(404);
	}

	@Test
	void aPermittedReadIsAuditedBeforeTheDataIsReturned() {
		String own = team("Evening SUD team").get(0);
		long before = AuditLog.awaitCount(db, 0, "client_id = ?::uuid AND action = 'READ' AND outcome = 'ALLOWED'", own);
		HttpResponse<String> response = signedIn("clinician@demo.haven.test").get("/api/v1/clients/" + own,
				"application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"dateOfBirth\"", "\"state\"");
		assertThat(AuditLog.awaitCount(db, before + 1,
				"client_id = ?::uuid AND action = 'READ' AND outcome = 'ALLOWED'", own)).isGreaterThan(before);
	}

	@Nested
	class MinimumNecessary {

		@Test
		void billingSeesDemographicsForPaymentButNoClinicalPurpose() {
			Http billing = signedIn("billing@demo.haven.test");
			assertThat(ids(billing, "/api/v1/clients")).hasSize(12);
			String anyone = team("Evening SUD team").get(1);
			assertThat(billing.get("/api/v1/clients/" + anyone + "?purpose=TREATMENT", "application/json")
				.statusCode()).isEqualTo(403);
		}

		@Test
		void theFrontDeskSeesDemographicsForSchedulingOnly() {
			Http frontDesk = signedIn("frontdesk@demo.haven.test");
			assertThat(ids(frontDesk, "/api/v1/clients")).hasSize(12);
			String anyone = team("Day mental-health team").get(2);
			assertThat(frontDesk.get("/api/v1/clients/" + anyone + "?purpose=PAYMENT", "application/json")
				.statusCode()).isEqualTo(403);
		}

		@Test
		void thePrivacyOfficerAndTheAuditorSeeNoClients() {
			assertThat(ids(signedIn("privacy@demo.haven.test"), "/api/v1/clients")).isEmpty();
			assertThat(ids(signedIn("auditor@demo.haven.test"), "/api/v1/clients")).isEmpty();
		}

		@Test
		void aClientSeesThemselfOnlyAndNoStaffPage() {
			Http client = signedIn("client@demo.haven.test");
			assertThat(ids(client, "/api/v1/clients")).hasSize(1);
			assertThat(client.get("/api/v1/clients/" + team("Day mental-health team").get(1), "application/json")
				.statusCode()).isEqualTo(404);
			assertThat(client.get("/clients").statusCode()).isEqualTo(403);
		}

	}

	@Nested
	@Covers("SEC-AC-02")
	class EmergencyAccess {

		@Test
		void aClinicianCanOpenAnotherTeamsClientWithAReasonItIsFlaggedAndQueuedForReview() {
			Http clinician = signedIn("clinician2@demo.haven.test");
			String stranger = team("Evening SUD team").get(4);
			String form = "/clients/" + stranger + "/emergency-access";
			assertThat(clinician.get("/clients/" + stranger).statusCode()).isEqualTo(404);

			assertThat(clinician.postForm(form, form, Map.of("reason", "", "minutes", "60")).body())
				.contains("say why this is an emergency");
			assertThat(clinician.postForm(form, form,
					Map.of("reason", "Client called in crisis, on-call cover", "minutes", "90")).body())
				.contains("at most 60 minutes");
			assertThat(db.sql("SELECT count(*) FROM consent.break_glass WHERE client_id = ?::uuid")
				.param(stranger)
				.query(Long.class)
				.single()).as("refused requests leave nothing behind").isZero();

			HttpResponse<String> granted = clinician.postForm(form, form,
					Map.of("reason", "Client called in crisis, on-call cover", "minutes", "30"));
			assertThat(Http.location(granted)).endsWith("/clients/" + stranger + "?emergency=true");
			assertThat(clinician.get("/clients/" + stranger + "?emergency=true").statusCode()).isEqualTo(200);
			assertThat(clinician.get("/api/v1/clients/" + stranger + "?purpose=TREATMENT", "application/json")
				.statusCode()).as("only for the emergency purpose").isEqualTo(403);
			assertThat(AuditLog.awaitDetails(db, "client_id = ?::uuid AND action = 'BREAK_GLASS'", stranger))
				.contains("breakGlass");
			assertThat(AuditLog.awaitDetails(db,
					"client_id = ?::uuid AND action = 'READ' AND outcome = 'ALLOWED' AND purpose = 'EMERGENCY'", stranger))
				.contains("breakGlass");

			Http privacy = signedIn("privacy@demo.haven.test");
			assertThat(privacy.get("/").body()).as("the privacy officer is alerted on any page at once")
				.contains("awaits your", "Review emergency access");
			assertThat(privacy.get("/compliance/emergency-access").body()).contains(stranger);
			String grant = db
				.sql("SELECT id::text FROM consent.break_glass WHERE client_id = ?::uuid AND reviewed_at IS NULL")
				.param(stranger)
				.query(String.class)
				.single();
			assertThat(privacy.get("/compliance/emergency-access/" + grant).body()).contains("on-call cover");
			privacy.postForm("/compliance/emergency-access/" + grant + "/sign-off",
					"/compliance/emergency-access/" + grant, Map.of());
			assertThat(privacy.get("/compliance/emergency-access").body()).doesNotContain(stranger);
			assertThat(signedIn("clinician@demo.haven.test").get("/compliance/emergency-access").statusCode())
				.as("the queue is the privacy officer's").isEqualTo(403);
		}

	}

	private long deniedReads(String client) {
		return AuditLog.awaitCount(db, 0, "client_id = ?::uuid AND action = 'READ' AND outcome = 'DENIED'", client);
	}

	private List<String> team(String name) {
		return db.sql("""
				SELECT c.client_id::text FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
				WHERE t.name = ? ORDER BY c.client_id""").param(name).query(String.class).list();
	}

	private Http signedIn(String email) {
		DemoAccounts.Account account = DemoAccounts.read(server.dataDir())
			.stream()
			.filter(candidate -> candidate.username().equals(email))
			.findFirst()
			.orElseThrow();
		return Http.signedIn(server, account);
	}

	private static List<String> ids(Http http, String path) {
		HttpResponse<String> response = http.get(path, "application/json");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode list = JsonMapper.builder().build().readTree(response.body());
		return list.valueStream().map(node -> node.get("id").asString()).toList();
	}

}
