package health.haven.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.shared.HavenException;
import health.haven.shared.OrgId;
import health.haven.support.TestServer;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class AccountsIT {

	final Accounts accounts = TestServer.get().bean(Accounts.class);

	final JdbcClient db = TestServer.get().bean(JdbcClient.class);

	@Test
	@Covers("SEC-AC-01")
	void aSecondAccountWithTheSameEmailIsRefusedWhateverItsCase() {
		OrgId org = accounts.createOrganization("Unique Ids Clinic", "unique-ids");
		accounts.open(new NewAccount(org, "pat.lee@example.test", "Pat Lee", "correct horse battery", Set.of(Role.CLINICIAN)));
		assertThatThrownBy(() -> accounts.open(new NewAccount(org, " Pat.Lee@Example.TEST ", "Someone Else",
				"another long password", Set.of(Role.FRONT_DESK))))
			.isInstanceOf(HavenException.class)
			.extracting(ex -> ((HavenException) ex).code())
			.isEqualTo("IDENTITY_EMAIL_TAKEN");
	}

	@Test
	void passwordsAreStoredAsArgon2idHashesNeverInClear() {
		OrgId org = accounts.createOrganization("Hashing Clinic", "hashing");
		accounts.open(new NewAccount(org, "hash.check@example.test", "Hash Check", "a long enough secret", Set.of(Role.BILLING)));
		String stored = db.sql("SELECT password_hash FROM identity.user_account WHERE email = ?")
			.param("hash.check@example.test")
			.query(String.class)
			.single();
		assertThat(stored).startsWith("$argon2id$").contains("m=19456,t=2,p=1").doesNotContain("a long enough secret");
	}

	@Test
	void anInvalidAccountChangesNothing() {
		OrgId org = accounts.createOrganization("Bad Input Clinic", "bad-input");
		int before = db.sql("SELECT count(*) FROM identity.user_account").query(Integer.class).single();
		assertThatThrownBy(() -> accounts.open(new NewAccount(org, "short.pw@example.test", "Short", "too short",
				Set.of(Role.CLINICIAN))))
			.isInstanceOf(HavenException.class)
			.hasMessageContaining("IDENTITY_PASSWORD_TOO_SHORT");
		assertThatThrownBy(() -> accounts.open(new NewAccount(org, "not-an-email", "Nobody", "long enough password",
				Set.of(Role.CLINICIAN))))
			.hasMessageContaining("IDENTITY_EMAIL_INVALID");
		assertThat(db.sql("SELECT count(*) FROM identity.user_account").query(Integer.class).single()).isEqualTo(before);
	}

}
