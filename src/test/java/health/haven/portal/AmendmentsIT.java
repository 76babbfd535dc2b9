package health.haven.portal;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.identity.Actor;
import health.haven.support.AuditLog;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The right to amend: the client asks (what, why), the care team's clinician accepts or denies with a reason within 60
 * days (the queue shows what is due and what is overdue), the client sees the outcome; the words are sealed and
 * nobody else's ids reach anything.
 */
@Covers("PRV-AM-01")
class AmendmentsIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final RightsClinic clinic = new RightsClinic(server);

	@Test
	void aDenialNeedsAReasonAndTheClientSeesTheOutcome() {
		Actor client = clinic.client("Harper Amend");
		String what = "My date of birth on the intake is wrong " + UUID.randomUUID();
		String amendment = ask(client, what, "I was born in 1991, not 1990");
		assertThat(db.sql("SELECT count(*) FROM records.amendment_request WHERE id = ?::uuid "
				+ "AND due_at = requested_at + interval '60 days' AND status = 'OPEN' "
				+ "AND position(convert_to(?, 'UTF8') IN what) = 0").params(amendment, what).query(Long.class).single())
			.as("due in 60 days, open, the words sealed").isEqualTo(1);
		assertThat(AuditLog.awaitCount(db, 1, "resource_type = 'amendment_request' AND resource_id = ? "
				+ "AND action = 'CREATE' AND outcome = 'ALLOWED'", amendment)).isEqualTo(1);

		Http clinician = clinic.http(clinic.clinician);
		assertThat(clinician.get("/rights/requests").body()).contains(what).containsPattern("<span>(59|60)</span>");
		String decision = "/clients/" + clinic.clientOf(client) + "/amendments/" + amendment + "/decision";
		String page = "/clients/" + clinic.clientOf(client) + "/amendments/" + amendment;
		assertThat(clinician.postForm(decision, page, Map.of("outcome", "DENIED", "reason", " ")).statusCode())
			.as("a denial without a reason").isEqualTo(400);
		assertThat(clinician.postForm(decision, page, Map.of("reason", "Checked")).statusCode())
			.as("neither accepted nor denied").isEqualTo(400);
		assertThat(status(amendment)).isEqualTo("OPEN");
		String reason = "The date of birth matches your ID on file " + UUID.randomUUID();
		assertThat(Http.location(clinician.postForm(decision, page, Map.of("outcome", "DENIED", "reason", reason))))
			.endsWith("/rights/requests?decided");
		assertThat(status(amendment)).isEqualTo("DENIED");
		assertThat(clinician.postForm(decision, page, Map.of("outcome", "ACCEPTED", "reason", "again")).statusCode())
			.as("decided once").isEqualTo(409);

		String seen = clinic.http(client).get("/portal/amendments/" + amendment).body();
		assertThat(seen).contains("Denied").contains(reason);
		assertThat(clinic.http(client).get("/portal/amendments").body()).contains("Denied");
	}

	@Test
	void anAcceptanceAlsoNeedsAReasonAndGoesIntoTheRecordCopy() {
		Actor client = clinic.client("Indigo Accept");
		String amendment = ask(client, "My pronouns are they/them", "They were recorded as she/her");
		Http clinician = clinic.http(clinic.clinician);
		String page = "/clients/" + clinic.clientOf(client) + "/amendments/" + amendment;
		assertThat(clinician.postForm(page + "/decision", page, Map.of("outcome", "ACCEPTED", "reason", "")).statusCode())
			.isEqualTo(400);
		clinician.postForm(page + "/decision", page, Map.of("outcome", "ACCEPTED", "reason", "Profile corrected"));
		assertThat(status(amendment)).isEqualTo("ACCEPTED");
		assertThat(clinic.http(client).get("/portal/amendments/" + amendment).body()).contains("Accepted")
			.contains("Profile corrected");
	}

	@Test
	void theQueueShowsAnOverdueRequestToTheCareTeamOnly() {
		Actor client = clinic.client("Jules Overdue");
		String what = "An old diagnosis is still listed " + UUID.randomUUID();
		String amendment = ask(client, what, "It was resolved last year");
		db.sql("UPDATE records.amendment_request SET requested_at = requested_at - interval '61 days', "
				+ "due_at = due_at - interval '61 days' WHERE id = ?::uuid").param(amendment).update();
		String queue = clinic.http(clinic.clinician).get("/rights/requests").body();
		assertThat(queue).contains(what);
		assertThat(queue.substring(queue.indexOf(what) - 600, queue.indexOf(what))).contains("Overdue");
		assertThat(clinic.http(clinic.otherClinician).get("/rights/requests").body()).doesNotContain(what);
	}

	@Test
	void anotherClientsAmendmentIsNotFoundAndTheRefusalAudited() {
		Actor owner = clinic.client("Kai Owner");
		Actor guesser = clinic.client("Lee Guesser");
		String amendment = ask(owner, "Something of mine", "Because");
		assertThat(clinic.http(guesser).get("/portal/amendments/" + amendment).statusCode()).isEqualTo(404);
		assertThat(AuditLog.awaitCount(db, 1, "actor_user = ?::uuid AND resource_type = 'amendment_request' "
				+ "AND outcome = 'DENIED'", guesser.user().toString())).isGreaterThanOrEqualTo(1);
		assertThat(clinic.http(guesser).get("/portal/amendments").body()).doesNotContain("Something of mine");
		assertThat(clinic.http(guesser).get("/clients/" + clinic.clientOf(owner) + "/amendments/" + amendment)
			.statusCode()).as("the staff page").isEqualTo(403);
		assertThat(clinic.http(clinic.otherClinician)
			.get("/clients/" + clinic.clientOf(owner) + "/amendments/" + amendment)
			.statusCode()).as("a clinician outside the care team").isEqualTo(404);
	}

	@Test
	void aRequestNeedsWhatAndWhy() {
		Actor client = clinic.client("Morgan Empty");
		Http portal = clinic.http(client);
		assertThat(portal.postForm("/portal/amendments", "/portal/amendments", Map.of("what", "x", "why", "")).statusCode())
			.isEqualTo(400);
		assertThat(db.sql("SELECT count(*) FROM records.amendment_request WHERE client_id = ?::uuid")
			.param(clinic.clientOf(client).toString())
			.query(Long.class)
			.single()).isZero();
	}

	private static String ask(Actor client, String what, String why) {
		Http portal = clinic.http(client);
		assertThat(Http.location(portal.postForm("/portal/amendments", "/portal/amendments",
				Map.of("what", what, "why", why)))).endsWith("/portal/amendments?requested");
		return db.sql("SELECT id::text FROM records.amendment_request WHERE client_id = ?::uuid "
				+ "ORDER BY requested_at DESC LIMIT 1").param(clinic.clientOf(client).toString()).query(String.class).single();
	}

	private static String status(String amendment) {
		return db.sql("SELECT status FROM records.amendment_request WHERE id = ?::uuid").param(amendment)
			.query(String.class).single();
	}

}
