package health.haven.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.shared.OrgId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

@Covers("SEC-PA-01")
class SignInRulesTests {

	final String account = UUID.randomUUID().toString();

	@Test
	void staffWithAPasswordAloneAreMissingTheSecondFactor() {
		AuthorizationResult result = SignInRules.signedIn()
			.authorize(() -> staff(factor(FactorGrantedAuthority.PASSWORD_AUTHORITY, 1)), context(account));
		assertThat(result.isGranted()).isFalse();
		assertThat(((FactorAuthorizationDecision) result).getFactorErrors())
			.anySatisfy(error -> assertThat(error.getRequiredFactor().getAuthority()).isEqualTo(SecondFactor.TOTP));
	}

	@Test
	void passwordAndCodeSignIn() {
		assertThat(SignInRules.signedIn()
			.authorize(() -> staff(factor(FactorGrantedAuthority.PASSWORD_AUTHORITY, 30), factor(SecondFactor.TOTP, 30)),
					context(account))
			.isGranted()).isTrue();
	}

	@Test
	void aSensitiveActionNeedsACodeFromTheLastFiveMinutes() {
		Authentication fresh = staff(factor(FactorGrantedAuthority.PASSWORD_AUTHORITY, 60), factor(SecondFactor.TOTP, 4));
		Authentication stale = staff(factor(FactorGrantedAuthority.PASSWORD_AUTHORITY, 60), factor(SecondFactor.TOTP, 6));
		assertThat(SignInRules.steppedUp().authorize(() -> fresh, context(account)).isGranted()).isTrue();
		AuthorizationResult refused = SignInRules.steppedUp().authorize(() -> stale, context(account));
		assertThat(refused.isGranted()).isFalse();
		assertThat(((FactorAuthorizationDecision) refused).getFactorErrors())
			.anySatisfy(error -> assertThat(error.isExpired()).isTrue());
		assertThat(SignInRules.signedIn().authorize(() -> stale, context(account)).isGranted())
			.as("still signed in for everything else").isTrue();
	}

	@Test
	void aSignInOlderThanTwelveHoursNoLongerCounts() {
		assertThat(SignInRules.signedIn()
			.authorize(() -> staff(factor(FactorGrantedAuthority.PASSWORD_AUTHORITY, 12 * 60 + 1),
					factor(SecondFactor.TOTP, 12 * 60 + 1)), context(account))
			.isGranted()).isFalse();
	}

	@Test
	void factorsOfTwoDifferentAccountsNeverAddUp() {
		Authentication merged = staff(factor(FactorGrantedAuthority.PASSWORD_AUTHORITY, 1), factor(SecondFactor.TOTP, 1));
		String someoneElse = UUID.randomUUID().toString();
		assertThat(SignInRules.signedIn().authorize(() -> merged, context(someoneElse)).isGranted()).isFalse();
	}

	@Test
	void aClientWithoutARequiredFactorSignsInWithThePasswordButCannotStepUpWithIt() {
		Authentication client = authentication(List.of(new SimpleGrantedAuthority("ROLE_CLIENT"),
				factor(FactorGrantedAuthority.PASSWORD_AUTHORITY, 1)));
		assertThat(SignInRules.signedIn().authorize(() -> client, context(account)).isGranted()).isTrue();
		assertThat(SignInRules.steppedUp().authorize(() -> client, context(account)).isGranted()).isFalse();
	}

	private Authentication staff(GrantedAuthority... factors) {
		List<GrantedAuthority> authorities = new ArrayList<>(List.of(new SimpleGrantedAuthority("ROLE_CLINICIAN"),
				new SimpleGrantedAuthority(SecondFactor.REQUIRED)));
		authorities.addAll(List.of(factors));
		return authentication(authorities);
	}

	private Authentication authentication(List<GrantedAuthority> authorities) {
		SignInAccount principal = new SignInAccount(account, OrgId.random(), "", true, authorities, null);
		return UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
	}

	private static GrantedAuthority factor(String authority, long minutesAgo) {
		return FactorGrantedAuthority.withAuthority(authority)
			.issuedAt(Instant.now().minus(Duration.ofMinutes(minutesAgo)))
			.build();
	}

	/** A request whose session recorded {@code passwordPrincipal} at the password step. */
	private static RequestAuthorizationContext context(String passwordPrincipal) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.getSession(true).setAttribute(SignInRules.PASSWORD_PRINCIPAL, passwordPrincipal);
		return new RequestAuthorizationContext(request);
	}

}
