package health.haven.identity.internal;

import health.haven.identity.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.http.HttpMethod;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The second step of sign-in: {@code POST /login/totp} with {@code code}, a six-digit TOTP code or a recovery code.
 *
 * <p>The code is checked against the factor of the account that already passed the password step, never against an
 * account named in the request, so both factors always belong to the same person. The result carries only
 * {@code FACTOR_TOTP} and the same principal; Spring's MFA support merges it with the password step's authorities
 * (it merges only when the principal's name is the same; {@link SignInRules} checks again on every request).
 */
class TotpSignIn extends AbstractAuthenticationProcessingFilter {

	static final String PATH = "/login/totp";

	private final TotpFactors factors;

	/** The events tell listeners that sign-in is complete (the device check waits for the second step). */
	TotpSignIn(TotpFactors factors, ApplicationEventPublisher events) {
		super(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, PATH));
		this.factors = factors;
		setApplicationEventPublisher(events);
		setMfaEnabled(true);
		setSecurityContextRepository(new DelegatingSecurityContextRepository(
				new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository()));
		setSessionAuthenticationStrategy(new ChangeSessionIdAuthenticationStrategy());
		setAuthenticationDetailsSource(new WebAuthenticationDetailsSource());
		setAuthenticationSuccessHandler(new SignInLanding());
		setAuthenticationFailureHandler(new SimpleUrlAuthenticationFailureHandler(PATH + "?error"));
	}

	@Override
	public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		if (current == null || !current.isAuthenticated() || !(current.getPrincipal() instanceof SignInAccount account)
				|| !SignInRules.hasFactor(current, FactorGrantedAuthority.PASSWORD_AUTHORITY)) {
			throw new InsufficientAuthenticationException("sign in with your password first");
		}
		TotpFactors.Verification verification = factors.verify(account,
				CurrentActor.get().map(actor -> actor.ref()).orElseThrow(), request.getParameter("code"));
		if (!verification.passed()) {
			throw new BadCredentialsException("second factor not accepted");
		}
		UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(account, null,
				List.of(FactorGrantedAuthority.fromFactor("TOTP")));
		result.setDetails(authenticationDetailsSource.buildDetails(request));
		return result;
	}

}
