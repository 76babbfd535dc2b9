package health.haven.portal;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.identity.Actor;
import health.haven.support.AuditLog;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The security centre: one's own sign-in history (successes and failures, browser family and address), links to
 * sessions and factors, and "report suspicious activity", which opens an incident only the privacy officer sees.
 */
@Covers({ "SEC-AU-01", "ADM-TR-01" })
class SecurityCentreIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final RightsClinic clinic = new RightsClinic(server);

	@Test
	void theSignInHistoryShowsSuccessesAndFailuresWithBrowserAndAddress() {
		Actor client = clinic.client("Nico History");
		DemoAccounts.Account account = clinic.account(client);
		new Http(server, "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
			.signInWithPasswordOnly(new DemoAccounts.Account(account.username(), "not the password at all",
					List.of(), "", null));
		AuditLog.awaitCount(db, 1, "action = 'SIGN_IN_FAILURE' AND resource_id = ?", client.user().toString());
		String page = clinic.http(client).get("/portal/security").body();
		assertThat(page).contains("Firefox on Linux").contains("Failed").contains("Succeeded").contains("127.0.0.1")
			.contains("Java client");
		assertThat(page).contains("/account/sessions").contains("/account/mfa");
	}

	@Test
	void aReportOpensAnIncidentThatOnlyThePrivacyOfficerSees() {
		Actor client = clinic.client("Oakley Reporter");
		String words = "A sign-in from Denver I did not make " + UUID.randomUUID();
		Http portal = clinic.http(client);
		assertThat(portal.postForm("/portal/security/report", "/portal/security", Map.of("description", " "))
			.statusCode()).isEqualTo(400);
		String answer = portal.postForm("/portal/security/report", "/portal/security", Map.of("description", words))
			.body();
		Matcher reference = Pattern.compile("SEC-[2-9A-Z]{6}").matcher(answer);
		assertThat(reference.find()).as("the reporter is given a reference").isTrue();

		String incident = db.sql("SELECT id::text FROM incidents.incident WHERE reference = ? AND org_id = ?")
			.params(reference.group(), clinic.org.value())
			.query(String.class)
			.single();
		assertThat(db.sql("SELECT count(*) FROM incidents.incident WHERE id = ?::uuid "
				+ "AND position(convert_to(?, 'UTF8') IN description) = 0").params(incident, words).query(Long.class)
			.single()).as("the reporter's words are sealed").isEqualTo(1);
		assertThat(AuditLog.awaitCount(db, 1, "resource_type = 'incident' AND resource_id = ? AND action = 'CREATE'",
				incident)).isEqualTo(1);
		assertThat(db.sql("SELECT count(*) FROM audit.entry WHERE details LIKE ?").param("%Denver%").query(Long.class)
			.single()).as("no words in the audit trail").isZero();

		Http officer = clinic.http(clinic.privacyOfficer);
		assertThat(officer.get("/compliance/incidents").body()).contains(reference.group())
			.contains(clinic.displayName(client));
		assertThat(officer.get("/compliance/incidents/" + incident).body()).contains(words);
		assertThat(AuditLog.awaitCount(db, 1, "resource_type = 'incident' AND resource_id = ? AND action = 'READ' "
				+ "AND actor_user = ?::uuid", incident, clinic.privacyOfficer.user().toString())).isEqualTo(1);

		assertThat(portal.get("/compliance/incidents").statusCode()).isEqualTo(403);
		assertThat(portal.get("/compliance/incidents/" + incident).statusCode()).isEqualTo(403);
		assertThat(clinic.http(clinic.clinician).get("/compliance/incidents/" + incident).statusCode()).isEqualTo(403);
		assertThat(officer.get("/compliance/incidents/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
	}

	@Test
	void staffUseTheSecurityCentreToo() {
		String page = clinic.http(clinic.clinician).get("/portal/security").body();
		assertThat(page).contains("Security centre").contains("Report suspicious activity");
	}

}
