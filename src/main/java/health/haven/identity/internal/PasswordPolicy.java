package health.haven.identity.internal;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import org.springframework.stereotype.Component;

/**
 * NIST SP 800-63B: length, not composition rules. At least 12 characters, at most 128 (Argon2 cost is bounded).
 */
@Component
public class PasswordPolicy {

	static final int MINIMUM = 12;

	static final int MAXIMUM = 128;

	public void check(String password) {
		if (password == null || password.codePointCount(0, password.length()) < MINIMUM) {
			throw new HavenException("IDENTITY_PASSWORD_TOO_SHORT", Kind.BAD_REQUEST,
					"a password needs at least " + MINIMUM + " characters");
		}
		if (password.length() > MAXIMUM) {
			throw new HavenException("IDENTITY_PASSWORD_TOO_LONG", Kind.BAD_REQUEST,
					"a password may have at most " + MAXIMUM + " characters");
		}
	}

}
