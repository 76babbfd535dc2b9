package health.haven.identity.internal;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import org.springframework.stereotype.Component;

/**
 * NIST SP 800-63B: length, not composition rules, and not a known password. At least 12 characters, at most 128
 * (Argon2's cost is bounded), and not on the bundled list of breached or common passwords. No forced periodic change.
 */
@Component
public class PasswordPolicy {

	static final int MINIMUM = 12;

	static final int MAXIMUM = 128;

	private final BreachedPasswords breached;

	PasswordPolicy(BreachedPasswords breached) {
		this.breached = breached;
	}

	public void check(String password) {
		if (password == null || password.codePointCount(0, password.length()) < MINIMUM) {
			throw new HavenException("IDENTITY_PASSWORD_TOO_SHORT", Kind.BAD_REQUEST,
					"a password needs at least " + MINIMUM + " characters");
		}
		if (password.length() > MAXIMUM) {
			throw new HavenException("IDENTITY_PASSWORD_TOO_LONG", Kind.BAD_REQUEST,
					"a password may have at most " + MAXIMUM + " characters");
		}
		if (breached.contains(password)) {
			throw new HavenException("IDENTITY_PASSWORD_COMMON", Kind.BAD_REQUEST,
					"this password appears in lists of breached or common passwords; choose another");
		}
	}

}
