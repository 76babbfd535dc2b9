package health.haven.identity;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class SessionsIT {

	final TestServer server = TestServer.get();

	final JdbcClient db = server.bean(JdbcClient.class);

	@Test
	void aSignedInSessionLivesInPostgresqlUnderTheAccountIdNeverTheEmail() {
		DemoAccounts.Account director = DemoAccounts.withRole(server.dataDir(), "PROGRAM_DIRECTOR");
		UUID account = db.sql("SELECT id FROM identity.user_account WHERE email = ?")
			.param(director.username())
			.query(UUID.class)
			.single();
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
	void theIdleTimeoutForStaffIsFifteenMinutes() {
		DemoAccounts.Account clinician = DemoAccounts.withRole(server.dataDir(), "CLINICIAN");
		new Http(server).signIn(clinician);
		assertThat(db.sql("SELECT max_inactive_interval FROM identity.spring_session ORDER BY creation_time DESC LIMIT 1")
			.query(Integer.class)
			.single()).isEqualTo(15 * 60);
	}

}
