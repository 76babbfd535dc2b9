package health.haven.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials in the form coturn checks with {@code use-auth-secret} (the "TURN REST API"): the
 * username is the expiry (Unix seconds) and an opaque label, the password Base64(HMAC-SHA1(shared secret, username)).
 * The TURN server recomputes it from the same secret; nothing is stored, and a credential is useless after its
 * expiry. Here because this module is the one place allowed to use {@code javax.crypto}.
 */
public final class TurnCredentials {

	private TurnCredentials() {
	}

	/** A username and password for {@code label} (a random per-connection id, never a name) valid for {@code ttl}. */
	public static Credential issue(String sharedSecret, String label, Instant now, Duration ttl) {
		String username = (now.plus(ttl).getEpochSecond()) + ":" + label;
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			String password = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
			return new Credential(username, password);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA1 is not available", ex);
		}
	}

	/** A TURN username and password. */
	public record Credential(String username, String password) {

		@Override
		public String toString() {
			return "Credential[username=" + username + ", password=(hidden)]";
		}

	}

}
