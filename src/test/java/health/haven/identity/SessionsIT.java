package health.haven.identity;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class SessionsIT {

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	@Test
	void aSignedInSessionLivesInPostgresqlUnderTheAccountIdNeverTheEmail() {
		DemoAccounts.Account director = DemoAccounts.withRole(server.dataDir(), "PROGRAM_DIRECTOR");
		UUID account = TestServer.accountIdOf(director.username());
		new Http(server).signIn(director);
		assertThat(db.sql("SELECT count(*) FROM identity.spring_session WHERE principal_name = ?")
			.param(account.toString())
			.query(Long.class)
			.single()).isPositive();
		assertThat(db.sql("SELECT count(*) FROM identity.spring_session WHERE principal_name LIKE '%@%'")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	@Covers("SEC-AC-03")
	void theIdleTimeoutIsFifteenMinutesForStaffAndThirtyForClients() {
		assertThat(idleSecondsAfterSignIn("CLINICIAN")).isEqualTo(15 * 60);
		assertThat(idleSecondsAfterSignIn("CLIENT")).isEqualTo(30 * 60);
	}

	@Test
	@Covers("SEC-AC-03")
	void aSessionOlderThanTwelveHoursEndsWhateverItsActivity() {
		DemoAccounts.Account facilitator = DemoAccounts.withRole(server.dataDir(), "FACILITATOR");
		Http browser = new Http(server);
		browser.signIn(facilitator);
		assertThat(browser.get("/").body()).contains("Sign out");
		UUID account = accountId(facilitator);
		db.sql("UPDATE identity.spring_session SET creation_time = creation_time - ? WHERE principal_name = ?")
			.params(13L * 3600 * 1000, account.toString())
			.update();
		var response = browser.get("/");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/login?expired");
		assertThat(browser.get("/").body()).doesNotContain("Sign out");
	}

	@Test
	@Covers("SEC-AC-03")
	void anOrganizationThatChoseFiveIdleMinutesForStaffGetsStaffSessionsOfFiveMinutes() {
		DemoAccounts.Account facilitator = DemoAccounts.withRole(server.dataDir(), "FACILITATOR");
		UUID org = db.sql("SELECT org_id FROM identity.user_account WHERE id = ?")
			.param(TestServer.accountIdOf(facilitator.username()))
			.query(UUID.class)
			.single();
		db.sql("UPDATE identity.organization SET staff_idle_minutes = 5 WHERE id = ?").param(org).update();
		try {
			assertThat(idleSecondsAfterSignIn("FACILITATOR")).isEqualTo(5 * 60);
		}
		finally {
			db.sql("UPDATE identity.organization SET staff_idle_minutes = 15 WHERE id = ?").param(org).update();
		}
	}

	private int idleSecondsAfterSignIn(String role) {
		DemoAccounts.Account account = DemoAccounts.withRole(server.dataDir(), role);
		new Http(server).signIn(account);
		return db.sql("SELECT max_inactive_interval FROM identity.spring_session WHERE principal_name = ? ORDER BY creation_time DESC LIMIT 1")
			.param(accountId(account).toString())
			.query(Integer.class)
			.single();
	}

	private UUID accountId(DemoAccounts.Account account) {
		return TestServer.accountIdOf(account.username());
	}

}
