package health.haven.identity.internal;

import health.haven.identity.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.net.UnknownHostException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.authorization.EnableMultiFactorAuthentication;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The web security rules every response obeys: deny by default, strict headers, problem JSON on the API.
 */
@Configuration
@EnableWebSecurity
@EnableMultiFactorAuthentication(authorities = {})
class WebSecurity {

	/** No inline script or style, nothing from another origin, no framing, no plugins. */
	static final String CONTENT_SECURITY_POLICY = String.join("; ", "default-src 'self'", "script-src 'self'",
			"style-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'",
			"media-src 'self' blob:", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
			"frame-ancestors 'none'", "upgrade-insecure-requests");

	/** Camera and microphone for Haven's own telehealth pages only; every other powerful feature off. */
	static final String PERMISSIONS_POLICY = String.join(", ", "camera=(self)", "microphone=(self)",
			"display-capture=()", "geolocation=()", "payment=()", "usb=()", "serial=()", "bluetooth=()", "hid=()",
			"midi=()", "magnetometer=()", "gyroscope=()", "accelerometer=()", "interest-cohort=()");

	/** Pages anyone may see, signed in or not. */
	static final String[] PUBLIC_PAGES = { "/", "/login", "/error", "/css/**", "/js/**", "/images/**",
			"/favicon.ico", "/device-check" };

	/** Actions that need a fresh second factor: emergency access, exports, role, care-team and key changes. */
	static final String[] STEP_UP_ACTIONS = { "/clients/*/emergency-access", SecondFactorPages.RECOVERY_CODES };

	private static final RequestMatcher API = request -> request.getRequestURI()
		.startsWith(request.getContextPath() + "/api/");

	@Bean
	SecurityFilterChain webSecurityFilterChain(HttpSecurity http, SignInThrottle throttle, SessionLifetime lifetime,
			TotpFactors totp, TenancyFilter tenancy, ApplicationEventPublisher events, Passkeys passkeys,
			PasskeySignIn passkeySignIn) throws Exception {
		http.addFilterBefore(throttle, UsernamePasswordAuthenticationFilter.class);
		http.addFilterBefore(lifetime, UsernamePasswordAuthenticationFilter.class);
		http.addFilterAfter(new TotpSignIn(totp, events), UsernamePasswordAuthenticationFilter.class);
		http.addFilterAfter(tenancy, AuthorizationFilter.class);
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers(PUBLIC_PAGES).permitAll()
			.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
			.requestMatchers("/actuator/prometheus").access(fromLoopback())
			.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/api/v1/about").permitAll()
			// The second step of sign-in and setting up a factor need the password step only.
			.requestMatchers(HttpMethod.GET, TotpSignIn.PATH).authenticated()
			.requestMatchers(HttpMethod.POST, SecondFactorPages.RECOVERY_CODES).access(SignInRules.steppedUp())
			.requestMatchers(HttpMethod.POST, "/webauthn/register", SecondFactorPages.ENROLMENT + "/**")
			.access(SignInRules.enrolling(account -> totp.enrolled(account) || passkeys.count(account) > 0))
			.requestMatchers(SecondFactorPages.ENROLMENT, SecondFactorPages.ENROLMENT + "/**").authenticated()
			.requestMatchers(HttpMethod.POST, "/logout").authenticated()
			// Sensitive actions need a second factor from the last five minutes (step-up).
			.requestMatchers(HttpMethod.POST, STEP_UP_ACTIONS).access(SignInRules.steppedUp())
			// Organization administration: admins only (the access review also for compliance officers); changing
			// who may do what needs a second factor from the last five minutes. Invitation links are opened signed out.
			.requestMatchers("/invitations/*").permitAll()
			// A calendar app fetches a person's session feed without signing in; the unguessable token is the key.
			.requestMatchers(HttpMethod.GET, "/calendar/*").permitAll()
			.requestMatchers(HttpMethod.POST, "/admin/invitations", "/admin/users/*/*", "/admin/care-teams/*/members",
					"/admin/settings", "/admin/licenses", "/admin/licenses/*", "/admin/messaging")
			.access(SignInRules.withRole(SignInRules.steppedUp(), Role.ORG_ADMIN))
			// Exporting the access review is a step-up action; viewing it is not.
			.requestMatchers(HttpMethod.GET, "/admin/access-review.csv")
			.access(SignInRules.withRole(SignInRules.steppedUp(), Role.ORG_ADMIN, Role.COMPLIANCE_OFFICER))
			.requestMatchers(HttpMethod.GET, "/admin/access-review")
			.access(SignInRules.withRole(SignInRules.signedIn(), Role.ORG_ADMIN, Role.COMPLIANCE_OFFICER))
			.requestMatchers("/admin", "/admin/**").access(SignInRules.withRole(SignInRules.signedIn(), Role.ORG_ADMIN))
			.anyRequest().access(SignInRules.signedIn()));
		http.formLogin(form -> form.loginPage("/login").successHandler(new PasswordStepSuccess()).permitAll());
		// Passkeys: Spring's endpoints (/webauthn/register/options, /webauthn/register, /webauthn/authenticate/options,
		// /login/webauthn), with the relying party of PasskeyConfiguration and Haven's own sign-in provider.
		http.webAuthn(webAuthn -> webAuthn.disableDefaultRegistrationPage(true)
			.withObjectPostProcessor(passkeySignIn.onSpringsFilter()));
		// Spring puts its registration filter right after authorization when the chain is built, so this one (added
		// now) sits just before it.
		http.addFilterAfter(new PasskeyRegistrationErrors(), AuthorizationFilter.class);
		http.logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/?signedOut"));
		LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> entryPoints = new LinkedHashMap<>();
		entryPoints.put(API, problem(HttpStatus.UNAUTHORIZED, "HAVEN_UNAUTHENTICATED", "Sign in to use the Haven API."));
		DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(entryPoints);
		entryPoint.setDefaultEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"));
		LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> factorEntryPoints = new LinkedHashMap<>();
		factorEntryPoints.put(API, problem(HttpStatus.UNAUTHORIZED, "HAVEN_SECOND_FACTOR_REQUIRED",
				"Confirm your sign-in with your authenticator app or passkey to use the Haven API."));
		DelegatingAuthenticationEntryPoint secondFactor = new DelegatingAuthenticationEntryPoint(factorEntryPoints);
		secondFactor.setDefaultEntryPoint(new LoginUrlAuthenticationEntryPoint(TotpSignIn.PATH));
		http.exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint)
			.defaultDeniedHandlerForMissingAuthority(secondFactor, SecondFactor.TOTP)
			.defaultDeniedHandlerForMissingAuthority(secondFactor, FactorGrantedAuthority.WEBAUTHN_AUTHORITY));
		http.headers(headers -> headers
			.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
			.frameOptions(frame -> frame.deny())
			.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY))
			.addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin"))
			.addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Resource-Policy", "same-origin")));
		return http.build();
	}

	/** The throttle runs inside the security filter chain only, not also as a servlet filter of its own. */
	/**
	 * No Spring Security observations at all (with {@code management.observations.enable.spring.security=false} they
	 * were recorded as no-ops, but the filter chain was still wrapped filter by filter on every request). Request
	 * metrics ({@code http.server.requests}) are not affected.
	 */
	@Bean
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	FilterRegistrationBean<SignInThrottle> signInThrottleRegistration(SignInThrottle throttle) {
		FilterRegistrationBean<SignInThrottle> registration = new FilterRegistrationBean<>(throttle);
		registration.setEnabled(false);
		return registration;
	}

	/** Likewise the session lifetime check. */
	@Bean
	FilterRegistrationBean<SessionLifetime> sessionLifetimeRegistration(SessionLifetime lifetime) {
		FilterRegistrationBean<SessionLifetime> registration = new FilterRegistrationBean<>(lifetime);
		registration.setEnabled(false);
		return registration;
	}

	/** Password sign-in, with the lockout checked after the password (see {@link SignInAccount}). */
	@Bean
	DaoAuthenticationProvider passwordSignIn(AccountDetails accounts, PasswordEncoder passwords) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
		provider.setPasswordEncoder(passwords);
		provider.setPostAuthenticationChecks(SignInLockout::afterPasswordCheck);
		provider.setUserDetailsPasswordService(accounts);
		return provider;
	}

	/** Argon2id with OWASP's minimum parameters: 19 MiB, 2 iterations, 1 lane. */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
	}

	private static AuthorizationManager<RequestAuthorizationContext> fromLoopback() {
		return (authentication, context) -> new AuthorizationDecision(isLoopback(context.getRequest()));
	}

	private static boolean isLoopback(HttpServletRequest request) {
		try {
			return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static AuthenticationEntryPoint problem(HttpStatus status, String code, String detail) {
		return (request, response, exception) -> {
			response.setStatus(status.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getWriter()
				.write("{\"type\":\"urn:haven:problem:" + code + "\",\"title\":\"" + status.getReasonPhrase()
						+ "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\",\"code\":\"" + code
						+ "\"}");
		};
	}

}
