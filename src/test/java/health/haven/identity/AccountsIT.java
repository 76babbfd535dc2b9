package health.haven.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.shared.ActorRef;
import health.haven.shared.HavenException;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.TestServer;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;

class AccountsIT {

	static final ActorRef ADMIN = ActorRef.system("accounts-test");

	final Accounts accounts = TestServer.get().bean(Accounts.class);

	final JdbcClient db = TestServer.get().superuserDb();

	@Test
	@Covers("SEC-AC-01")
	void aSecondAccountWithTheSameEmailIsRefusedWhateverItsCase() {
		OrgId org = accounts.createOrganization(ADMIN, "Unique Ids Clinic", "unique-ids");
		accounts.open(ADMIN, new NewAccount(org, "pat.lee@example.test", "Pat Lee", "correct horse battery", Set.of(Role.CLINICIAN)));
		assertThatThrownBy(() -> accounts.open(ADMIN, new NewAccount(org, " Pat.Lee@Example.TEST ", "Someone Else",
				"another long password", Set.of(Role.FRONT_DESK))))
			.isInstanceOf(HavenException.class)
			.extracting(ex -> ((HavenException) ex).code())
			.isEqualTo("IDENTITY_EMAIL_TAKEN");
	}

	@Test
	void passwordsAreStoredAsArgon2idHashesNeverInClear() {
		OrgId org = accounts.createOrganization(ADMIN, "Hashing Clinic", "hashing");
		accounts.open(ADMIN, new NewAccount(org, "hash.check@example.test", "Hash Check", "a long enough secret", Set.of(Role.BILLING)));
		String stored = db.sql("SELECT password_hash FROM identity.user_account WHERE id = ?")
			.param(TestServer.accountIdOf("hash.check@example.test"))
			.query(String.class)
			.single();
		assertThat(stored).startsWith("$argon2id$").contains("m=19456,t=2,p=1").doesNotContain("a long enough secret");
	}

	@Test
	void anInvalidAccountChangesNothing() {
		OrgId org = accounts.createOrganization(ADMIN, "Bad Input Clinic", "bad-input");
		int before = db.sql("SELECT count(*) FROM identity.user_account").query(Integer.class).single();
		assertThatThrownBy(() -> accounts.open(ADMIN, new NewAccount(org, "short.pw@example.test", "Short", "too short",
				Set.of(Role.CLINICIAN))))
			.isInstanceOf(HavenException.class)
			.hasMessageContaining("IDENTITY_PASSWORD_TOO_SHORT");
		assertThatThrownBy(() -> accounts.open(ADMIN, new NewAccount(org, "not-an-email", "Nobody", "long enough password",
				Set.of(Role.CLINICIAN))))
			.hasMessageContaining("IDENTITY_EMAIL_INVALID");
		assertThat(db.sql("SELECT count(*) FROM identity.user_account").query(Integer.class).single()).isEqualTo(before);
	}

	@Test
	@Covers("ADM-IAM-01")
	void openingAnAccountAuditsTheAccountAndEachRoleGrantInTheSameTransaction() throws Exception {
		OrgId org = accounts.createOrganization(ADMIN, "Grant Audit Clinic", "grant-audit");
		var user = accounts.open(ADMIN, new NewAccount(org, "grants@example.test", "Grant Check", "long enough password",
				Set.of(Role.CLINICIAN, Role.PROGRAM_DIRECTOR)));
		long deadline = System.currentTimeMillis() + 10_000;
		while (grants(user.toString()) < 2 && System.currentTimeMillis() < deadline) {
			Thread.sleep(50);
		}
		assertThat(grants(user.toString())).isEqualTo(2);
		assertThat(db.sql("SELECT count(*) FROM audit.entry WHERE action = 'CREATE' AND resource_id = ?")
			.param(user.toString())
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThatThrownBy(() -> accounts.open(ADMIN, new NewAccount(org, "grants@example.test", "Duplicate",
				"long enough password", Set.of(Role.BILLING))))
			.isInstanceOf(HavenException.class);
		Thread.sleep(300);
		assertThat(db.sql("""
				SELECT (SELECT count(*) FROM audit.entry WHERE org_id = ? AND action = 'CREATE')
				     + (SELECT count(*) FROM audit.pending WHERE org_id = ? AND action = 'CREATE')""")
			.params(org.value(), org.value())
			.query(Long.class)
			.single()).as("a refused account leaves no audit entry behind").isEqualTo(1);
	}

	private long grants(String userId) {
		return db.sql("SELECT count(*) FROM audit.entry WHERE action = 'PERMISSION_CHANGED' AND resource_id = ?")
			.param(userId)
			.query(Long.class)
			.single();
	}

	@Test
	void aPasswordHashedWithWeakerParametersIsRehashedAtTheNextSignIn() {
		OrgId org = accounts.createOrganization(ADMIN, "Rehash Clinic", "rehash");
		accounts.open(ADMIN, new NewAccount(org, "rehash@example.test", "Re Hash", "a long enough secret", Set.of(Role.BILLING)));
		String weak = new org.springframework.security.crypto.argon2.Argon2PasswordEncoder(16, 32, 1, 4096, 1)
			.encode("a long enough secret");
		db.sql("UPDATE identity.user_account SET password_hash = ? WHERE id = ?")
			.params(weak, TestServer.accountIdOf("rehash@example.test"))
			.update();
		new health.haven.support.Http(TestServer.get())
			.signIn(new health.haven.support.DemoAccounts.Account("rehash@example.test", "a long enough secret",
					java.util.List.of(), "", null));
		assertThat(db.sql("SELECT password_hash FROM identity.user_account WHERE id = ?")
			.param(TestServer.accountIdOf("rehash@example.test"))
			.query(String.class)
			.single()).contains("m=19456,t=2,p=1");
	}

	@Test
	@Covers("SEC-AC-04")
	void anAccountsEmailAndNameAreStoredSealedAndSignInFindsItByAKeyedIndexOnly() {
		OrgId org = accounts.createOrganization(ADMIN, "Sealed Names Clinic", "sealed-names");
		UserId user = accounts.open(ADMIN, new NewAccount(org, "Robin.Sealed@Example.test", "Robin Sealed",
				"a long enough secret", Set.of(Role.CLIENT)));
		String stored = db.sql("""
				SELECT encode(a.email, 'escape') || encode(a.display_name, 'escape') || encode(s.email_index, 'escape')
				FROM identity.user_account a JOIN identity.sign_in_name s ON s.user_id = a.id WHERE a.id = ?""")
			.param(user.value())
			.query(String.class)
			.single();
		assertThat(stored.toLowerCase()).doesNotContain("robin", "sealed@example");
		assertThat(accounts.findByEmail("  robin.sealed@example.TEST")).contains(user);
		assertThat(accounts.account(org, user)).get()
			.satisfies(account -> assertThat(account.email()).isEqualTo("robin.sealed@example.test"))
			.satisfies(account -> assertThat(account.displayName()).isEqualTo("Robin Sealed"));
	}

	@Test
	void accountsFromBeforeSealingAreSealedAtTheNextStart() throws Exception {
		OrgId org = accounts.createOrganization(ADMIN, "Backlog Clinic", "backlog-clinic");
		UserId user = accounts.open(ADMIN, new NewAccount(org, "old.account@example.test", "Old Account",
				"a long enough secret", Set.of(Role.CLINICIAN)));
		// As migration V8 leaves an account made before it: values in the backlog, none sealed, no index.
		db.sql("UPDATE identity.user_account SET email = NULL, display_name = NULL WHERE id = ?").param(user.value()).update();
		db.sql("UPDATE identity.sign_in_name SET email_index = NULL WHERE user_id = ?").param(user.value()).update();
		db.sql("INSERT INTO identity.account_sealing_backlog (user_id, org_id, email, display_name) VALUES (?, ?, ?, ?)")
			.params(user.value(), org.value(), "old.account@example.test", "Old Account")
			.update();
		assertThat(accounts.findByEmail("old.account@example.test")).isEmpty();

		ApplicationRunner backlog = TestServer.get()
			.context()
			.getBeansOfType(ApplicationRunner.class)
			.values()
			.stream()
			.filter(runner -> runner.getClass().getSimpleName().startsWith("AccountSealingBacklog"))
			.findFirst()
			.orElseThrow();
		backlog.run(new DefaultApplicationArguments());

		assertThat(accounts.findByEmail("old.account@example.test")).contains(user);
		assertThat(accounts.account(org, user).map(AccountSummary::displayName)).contains("Old Account");
		assertThat(db.sql("SELECT count(*) FROM identity.account_sealing_backlog").query(Long.class).single()).isZero();
	}

}
