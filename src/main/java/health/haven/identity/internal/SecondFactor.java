package health.haven.identity.internal;

import java.time.Duration;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * The factor rules: who must show a second factor, which factors count, and how long a sign-in lasts.
 */
final class SecondFactor {

	/** Carried by accounts for which a password alone is not enough (see {@link AccountDetails}). */
	static final String REQUIRED = "SECOND_FACTOR_REQUIRED";

	/** The TOTP factor's authority (Spring has none built in; {@code FactorGrantedAuthority.fromFactor("TOTP")}). */
	static final String TOTP = "FACTOR_TOTP";

	static final Set<String> SECOND_FACTORS = Set.of(TOTP, FactorGrantedAuthority.WEBAUTHN_AUTHORITY);

	/** The longest a sign-in counts: the absolute session lifetime. */
	static final Duration SIGN_IN_LIFETIME = Duration.ofHours(12);

	/** How fresh a factor must be for a sensitive action (step-up). */
	static final Duration STEP_UP = Duration.ofMinutes(5);

	private SecondFactor() {
	}

	static boolean required(Authentication authentication) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(REQUIRED::equals);
	}

}
