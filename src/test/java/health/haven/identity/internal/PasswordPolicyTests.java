package health.haven.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import health.haven.Covers;
import health.haven.shared.HavenException;
import org.junit.jupiter.api.Test;

@Covers("ADM-TR-01")
class PasswordPolicyTests {

	static final BreachedPasswords BREACHED = new BreachedPasswords();

	final PasswordPolicy policy = new PasswordPolicy(BREACHED);

	@Test
	void theBundledListHoldsAtLeastOneHundredThousandPasswords() {
		assertThat(BREACHED.listed()).isGreaterThanOrEqualTo(100_000);
	}

	@Test
	void aListedPasswordIsRefusedWhateverItsCase() {
		assertThat(code("1qaz2wsx3edc")).isEqualTo("IDENTITY_PASSWORD_COMMON");
		assertThat(code("1QAZ2WSX3EDC")).isEqualTo("IDENTITY_PASSWORD_COMMON");
		assertThat(code("123qweasdzxc")).isEqualTo("IDENTITY_PASSWORD_COMMON");
	}

	@Test
	void lengthIsTheOnlyOtherRuleNoCompositionRules() {
		assertThat(code("elevenchars")).isEqualTo("IDENTITY_PASSWORD_TOO_SHORT");
		assertThat(code("x".repeat(129))).isEqualTo("IDENTITY_PASSWORD_TOO_LONG");
		assertThatCode(() -> policy.check("lantern orchard quietly")).doesNotThrowAnyException();
		assertThatCode(() -> policy.check("alllowercaseletters")).doesNotThrowAnyException();
	}

	@Test
	void lengthCountsCharactersNotBytes() {
		assertThatCode(() -> policy.check("ñandú río sol")).doesNotThrowAnyException();
	}

	private String code(String password) {
		return ((HavenException) catchThrown(password)).code();
	}

	private Throwable catchThrown(String password) {
		try {
			policy.check(password);
		}
		catch (HavenException ex) {
			return ex;
		}
		throw new AssertionError("accepted: a password that must be refused");
	}

}
