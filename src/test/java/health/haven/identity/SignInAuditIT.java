package health.haven.identity;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

@Covers({ "SEC-AU-01", "ADM-TR-01" })
class SignInAuditIT {

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	@Test
	void aSignInIsAuditedWithTheAccountAndSourceAddress() throws Exception {
		DemoAccounts.Account billing = DemoAccounts.withRole(server.dataDir(), "BILLING");
		UUID user = userId(billing.username());
		long before = count("SIGN_IN", user.toString(), "ALLOWED");
		new Http(server).signIn(billing);
		awaitCount("SIGN_IN", user.toString(), "ALLOWED", before + 1);
		assertThat(db.sql("SELECT actor_role || ' ' || source_address FROM audit.entry WHERE action = 'SIGN_IN' AND actor_user = ? ORDER BY seq DESC LIMIT 1")
			.param(user)
			.query(String.class)
			.single()).isEqualTo("BILLING 127.0.0.1");
	}

	@Test
	void aFailedSignInIsAuditedWithoutWhatWasTyped() throws Exception {
		DemoAccounts.Account frontDesk = DemoAccounts.withRole(server.dataDir(), "FRONT_DESK");
		UUID user = userId(frontDesk.username());
		long before = count("SIGN_IN_FAILURE", user.toString(), "DENIED");
		String typed = "Typed-Secret-" + UUID.randomUUID();
		new Http(server).signIn(new DemoAccounts.Account(frontDesk.username(), typed, List.of(), "", null));
		awaitCount("SIGN_IN_FAILURE", user.toString(), "DENIED", before + 1);
		assertThat(db.sql("SELECT count(*) FROM audit.entry WHERE details LIKE ? OR resource_id LIKE ?")
			.params("%" + typed + "%", "%" + typed + "%")
			.query(Long.class)
			.single()).isZero();
	}

	private UUID userId(String email) {
		return TestServer.accountIdOf(email);
	}

	private long count(String action, String resourceId, String outcome) {
		return db.sql("SELECT count(*) FROM audit.entry WHERE action = ? AND resource_id = ? AND outcome = ?")
			.params(action, resourceId, outcome)
			.query(Long.class)
			.single();
	}

	private void awaitCount(String action, String resourceId, String outcome, long expected) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 10_000;
		while (count(action, resourceId, outcome) < expected && System.currentTimeMillis() < deadline) {
			Thread.sleep(50);
		}
		assertThat(count(action, resourceId, outcome)).as(action + " chained within 10 s").isEqualTo(expected);
	}

}
