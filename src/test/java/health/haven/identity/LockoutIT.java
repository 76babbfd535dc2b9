package health.haven.identity;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.shared.ActorRef;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.DemoAccounts.Account;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

@Covers("ADM-TR-01")
class LockoutIT {

	static final String PASSWORD = "lockout test password 1";

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	Account account;

	UserId user;

	@BeforeEach
	void anAccountOfItsOwn() {
		Accounts accounts = server.bean(Accounts.class);
		String slug = "lockout-" + UUID.randomUUID().toString().substring(0, 8);
		OrgId org = accounts.createOrganization(ActorRef.system("lockout-test"), "Lockout Clinic", slug);
		String email = slug + "@example.test";
		user = accounts.open(ActorRef.system("lockout-test"),
				new NewAccount(org, email, "Lock Test", PASSWORD, Set.of(Role.CLINICIAN)));
		account = new Account(email, PASSWORD, List.of("CLINICIAN"), "Lock Test", null);
	}

	@Test
	void fiveWrongPasswordsLockTheAccountSoTheRightOneNoLongerWorksAndTheLockIsAudited() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(location(new Http(server).signIn(wrong()))).endsWith("/login?error");
		}
		HttpResponse<String> sixth = new Http(server).signIn(account);
		assertThat(location(sixth)).as("locked: the right password is refused with the usual answer")
			.endsWith("/login?error");
		Instant lockedUntil = db.sql("SELECT locked_until FROM identity.user_account WHERE id = ?")
			.param(user.value())
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant();
		assertThat(Duration.between(Instant.now(), lockedUntil)).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(16));
		awaitAudited("ACCOUNT_LOCKED");
	}

	@Test
	void aLockedAccountAnswersLikeAWrongPasswordAndLikeAnUnknownAccount() {
		for (int i = 0; i < 5; i++) {
			new Http(server).signIn(wrong());
		}
		String locked = location(new Http(server).signIn(account));
		String unknown = location(new Http(server).signIn(new Account("nobody-" + UUID.randomUUID() + "@example.test",
				PASSWORD, List.of(), "", null)));
		String wrongPassword = location(new Http(server).signIn(wrong()));
		assertThat(locked).isEqualTo(unknown).isEqualTo(wrongPassword);
	}

	@Test
	void whenTheLockExpiresTheRightPasswordWorksAgainAndTheCountersReset() {
		for (int i = 0; i < 5; i++) {
			new Http(server).signIn(wrong());
		}
		db.sql("UPDATE identity.user_account SET locked_until = now() - interval '1 second' WHERE id = ?")
			.param(user.value())
			.update();
		assertThat(location(new Http(server).signIn(account))).doesNotContain("error");
		assertThat(db.sql("SELECT failed_attempts + lock_count FROM identity.user_account WHERE id = ?")
			.param(user.value())
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void fourWrongPasswordsDoNotLock() {
		for (int i = 0; i < 4; i++) {
			new Http(server).signIn(wrong());
		}
		assertThat(location(new Http(server).signIn(account))).doesNotContain("error");
	}

	private Account wrong() {
		return new Account(account.username(), "not the password " + UUID.randomUUID(), List.of(), "", null);
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElse("");
	}

	private void awaitAudited(String action) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 10_000;
		long count = 0;
		while (System.currentTimeMillis() < deadline) {
			count = db.sql("SELECT count(*) FROM audit.entry WHERE action = ? AND resource_id = ?")
				.params(action, user.toString())
				.query(Long.class)
				.single();
			if (count > 0) {
				break;
			}
			Thread.sleep(50);
		}
		assertThat(count).as(action + " audited").isEqualTo(1);
	}

}
