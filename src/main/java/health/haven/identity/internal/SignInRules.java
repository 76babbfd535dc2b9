package health.haven.identity.internal;

import health.haven.identity.Role;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * What "signed in" means for a request, built on Spring Security's multi-factor authorization managers.
 *
 * <ul>
 * <li>Everyone: a password within the session's lifetime.
 * <li>Staff, and anyone who enrolled a factor or whose organization requires one: also a TOTP code or a passkey
 * within that lifetime. A password alone never reaches PHI or the API.
 * <li>A sensitive action (step-up): a second factor within the last five minutes.
 * <li>Always: the factors belong to the account that passed the password step (Spring merges factors only for the
 * same principal name; this checks it again against what the session recorded at the password step).
 * </ul>
 * A missing or stale factor comes back as Spring's {@code FactorAuthorizationDecision}, so the missing-factor
 * handler sends the browser to {@code /login/totp} and the API answers 401 with a problem document.
 */
final class SignInRules {

	/** Session attribute: the account that passed the password step. */
	static final String PASSWORD_PRINCIPAL = "haven.passwordPrincipal";

	private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

	private SignInRules() {
	}

	static AuthorizationManager<RequestAuthorizationContext> signedIn() {
		return rule(SecondFactor.SIGN_IN_LIFETIME);
	}

	static AuthorizationManager<RequestAuthorizationContext> steppedUp() {
		return rule(SecondFactor.STEP_UP);
	}

	/**
	 * {@code rule}, and at least one of {@code roles}. The sign-in rule is asked first and its refusal passed on as it
	 * is, so a missing or stale factor still sends the person to the second step; only a full sign-in without the
	 * role is refused outright (403, the friendly page).
	 */
	static AuthorizationManager<RequestAuthorizationContext> withRole(
			AuthorizationManager<RequestAuthorizationContext> rule, Role... roles) {
		return (authentication, context) -> {
			AuthorizationResult signedIn = rule.authorize(authentication, context);
			if (signedIn == null || !signedIn.isGranted()) {
				return signedIn;
			}
			for (GrantedAuthority authority : authentication.get().getAuthorities()) {
				for (Role role : roles) {
					if (role.authority().equals(authority.getAuthority())) {
						return new AuthorizationDecision(true);
					}
				}
			}
			return new AuthorizationDecision(false);
		};
	}

	private static AuthorizationManager<RequestAuthorizationContext> rule(Duration secondFactorAge) {
		AllRequiredFactorsAuthorizationManager<RequestAuthorizationContext> password = AllRequiredFactorsAuthorizationManager
			.<RequestAuthorizationContext>builder()
			.requireFactor(f -> f.passwordAuthority().validDuration(SecondFactor.SIGN_IN_LIFETIME))
			.build();
		AuthorizationManager<RequestAuthorizationContext> twoFactors = AllRequiredFactorsAuthorizationManager.anyOf(
				AllRequiredFactorsAuthorizationManager.<RequestAuthorizationContext>builder()
					.requireFactor(f -> f.passwordAuthority().validDuration(SecondFactor.SIGN_IN_LIFETIME))
					.requireFactor(f -> f.authority(SecondFactor.TOTP).validDuration(secondFactorAge))
					.build(),
				AllRequiredFactorsAuthorizationManager.<RequestAuthorizationContext>builder()
					.requireFactor(f -> f.webauthnAuthority().validDuration(secondFactorAge))
					.build());
		boolean stepUp = secondFactorAge.compareTo(SecondFactor.SIGN_IN_LIFETIME) < 0;
		return new AuthorizationManager<>() {
			@Override
			public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
					RequestAuthorizationContext context) {
				Authentication current = authentication.get();
				if (current == null || !current.isAuthenticated() || TRUST.isAnonymous(current)
						|| !samePrincipalThroughout(current, context)) {
					return new AuthorizationDecision(false);
				}
				if (stepUp || SecondFactor.required(current)) {
					return twoFactors.authorize(authentication, context);
				}
				return password.authorize(authentication, context);
			}
		};
	}

	/**
	 * Setting up a second factor (an authenticator app or a passkey): with the password step alone only while the
	 * account has no second factor yet; once it has one, adding another takes a full sign-in, so that a stolen password
	 * cannot add the thief's own factor.
	 */
	static AuthorizationManager<RequestAuthorizationContext> enrolling(Predicate<SignInAccount> hasSecondFactor) {
		AuthorizationManager<RequestAuthorizationContext> signedIn = signedIn();
		AuthorizationManager<RequestAuthorizationContext> password = AllRequiredFactorsAuthorizationManager
			.<RequestAuthorizationContext>builder()
			.requireFactor(f -> f.passwordAuthority().validDuration(SecondFactor.SIGN_IN_LIFETIME))
			.build();
		return new AuthorizationManager<>() {
			@Override
			public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
					RequestAuthorizationContext context) {
				AuthorizationResult full = signedIn.authorize(authentication, context);
				if (full != null && full.isGranted()) {
					return full;
				}
				Authentication current = authentication.get();
				if (current != null && current.getPrincipal() instanceof SignInAccount account
						&& samePrincipalThroughout(current, context) && !hasSecondFactor.test(account)) {
					return password.authorize(authentication, context);
				}
				return full;
			}
		};
	}

	static boolean hasFactor(Authentication authentication, String factor) {
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority instanceof FactorGrantedAuthority && factor.equals(authority.getAuthority())) {
				return true;
			}
		}
		return false;
	}

	/** The session's password step and the current principal are the same account. */
	static boolean samePrincipalThroughout(Authentication current, RequestAuthorizationContext context) {
		HttpSession session = context.getRequest().getSession(false);
		Object recorded = session == null ? null : session.getAttribute(PASSWORD_PRINCIPAL);
		if (recorded == null) {
			return !hasFactor(current, FactorGrantedAuthority.PASSWORD_AUTHORITY) || session == null;
		}
		return recorded.equals(current.getName());
	}

}
