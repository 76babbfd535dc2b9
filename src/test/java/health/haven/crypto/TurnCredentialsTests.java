package health.haven.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * TURN credentials as coturn's {@code use-auth-secret} checks them: "expiry:label" and Base64(HMAC-SHA1(secret,
 * username)). The expected password was computed with OpenSSL
 * ({@code echo -n 1700014400:participant-1 | openssl dgst -sha1 -hmac coturn-shared-secret -binary | base64}).
 */
class TurnCredentialsTests {

	@Test
	void theUsernameCarriesTheExpiryAndThePasswordIsTheHmacCoturnRecomputes() {
		TurnCredentials.Credential credential = TurnCredentials.issue("coturn-shared-secret", "participant-1",
				Instant.ofEpochSecond(1_700_000_000L), Duration.ofHours(4));
		assertThat(credential.username()).isEqualTo("1700014400:participant-1");
		assertThat(credential.password()).isEqualTo("OrYeclq1hvhcIkzUxYRQBff8LEg=");
		assertThat(credential.toString()).doesNotContain(credential.password());
	}

	@Test
	void anotherSecretOrLabelGivesAnotherPassword() {
		Instant now = Instant.ofEpochSecond(1_700_000_000L);
		String password = TurnCredentials.issue("secret-a", "p", now, Duration.ofHours(1)).password();
		assertThat(TurnCredentials.issue("secret-b", "p", now, Duration.ofHours(1)).password()).isNotEqualTo(password);
		assertThat(TurnCredentials.issue("secret-a", "q", now, Duration.ofHours(1)).password()).isNotEqualTo(password);
	}

}
