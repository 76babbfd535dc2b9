package health.haven.identity.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.identity.CurrentActor;
import health.haven.shared.ActorRef;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Signing in with a passkey ({@code POST /login/webauthn}), alone or as the second step after the password.
 *
 * <p>Spring's own provider makes the WebAuthn user entity the principal; the rest of Haven (CurrentActor, tenancy,
 * sign-in rules) needs a {@link SignInAccount}, so this provider replaces it on Spring's filter. The user entity's
 * name is the account id; the account is loaded by that id, never through the password form's e-mail lookup (which
 * would let the password form take an account id too, outside the lockout's count). A disabled or locked account
 * cannot sign in with a passkey either, and a passkey of another account than the one that passed the password step
 * is refused. Every attempt is audited: SIGN_IN (passkey alone), MFA_CHALLENGE_PASSED (after the password), or
 * SIGN_IN_FAILURE.
 *
 * <p>Not an {@code AuthenticationProvider} bean itself: a second provider bean would make Spring stop using the
 * password provider of {@link WebSecurity} (with its lockout check) for the password form.
 */
@Component
class PasskeySignIn {

	private final WebAuthnRelyingPartyOperations relyingParty;

	private final AccountDetails accounts;

	private final AuditTrail audit;

	PasskeySignIn(WebAuthnRelyingPartyOperations relyingParty, AccountDetails accounts, AuditTrail audit) {
		this.relyingParty = relyingParty;
		this.accounts = accounts;
		this.audit = audit;
	}

	/** Installs this provider on Spring's WebAuthn filter, with the session handling of the other sign-in steps. */
	ObjectPostProcessor<WebAuthnAuthenticationFilter> onSpringsFilter() {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
				filter.setAuthenticationManager(new ProviderManager(new AuthenticationProvider() {
					@Override
					public Authentication authenticate(Authentication authentication) {
						return signIn((WebAuthnAuthenticationRequestToken) authentication);
					}

					@Override
					public boolean supports(Class<?> authentication) {
						return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
					}
				}));
				filter.setSessionAuthenticationStrategy(new ChangeSessionIdAuthenticationStrategy());
				filter.setSecurityContextRepository(new DelegatingSecurityContextRepository(
						new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository()));
				filter.setMfaEnabled(true);
				filter.setAuthenticationSuccessHandler(new PasskeyLanding());
				return filter;
			}
		};
	}

	Authentication signIn(WebAuthnAuthenticationRequestToken request) throws AuthenticationException {
		PublicKeyCredentialUserEntity user;
		try {
			user = relyingParty.authenticate(request.getWebAuthnRequest());
		}
		catch (RuntimeException ex) {
			failed(Optional.empty(), "passkey_rejected");
			throw new BadCredentialsException("passkey not accepted");
		}
		Optional<SignInAccount> found = accounts.loadByAccountId(user.getName());
		if (found.isEmpty()) {
			failed(Optional.empty(), "unknown_account");
			throw new BadCredentialsException("passkey not accepted");
		}
		SignInAccount account = found.get();
		if (!account.isEnabled()) {
			failed(found, "disabled");
			throw new DisabledException("account cannot sign in");
		}
		if (account.lockedAt(Instant.now())) {
			failed(found, "locked");
			throw new LockedException("account locked");
		}
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		boolean afterPassword = current != null && current.isAuthenticated()
				&& SignInRules.hasFactor(current, FactorGrantedAuthority.PASSWORD_AUTHORITY);
		if (afterPassword && !account.getUsername().equals(current.getName())) {
			failed(found, "other_account");
			throw new BadCredentialsException("passkey not accepted");
		}
		List<GrantedAuthority> authorities = new ArrayList<>(account.getAuthorities());
		authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY));
		UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(account, null,
				authorities);
		request().ifPresent(http -> result.setDetails(new WebAuthenticationDetails(http)));
		audit.record(AuditEntry.of(actor(account), afterPassword ? AuditAction.MFA_CHALLENGE_PASSED
				: AuditAction.SIGN_IN, Purpose.OPERATIONS)
			.org(account.org())
			.resource("user_account", account.user().toString())
			.detail("factor", "passkey")
			.build());
		return result;
	}

	private void failed(Optional<SignInAccount> account, String reason) {
		ActorRef actor = new ActorRef(account.map(SignInAccount::org), Optional.empty(), "anonymous",
				Optional.empty(), request().map(HttpServletRequest::getRemoteAddr));
		AuditEntry.Builder entry = AuditEntry.of(actor, AuditAction.SIGN_IN_FAILURE, Purpose.OPERATIONS)
			.outcome(AuditOutcome.DENIED)
			.detail("factor", "passkey")
			.detail("reason", reason);
		account.ifPresent(known -> entry.org(known.org()).resource("user_account", known.user().toString()));
		audit.record(entry.build());
	}

	private static ActorRef actor(SignInAccount account) {
		String roles = SignInAccount.roleNames(account.getAuthorities());
		Optional<HttpServletRequest> request = request();
		String session = request.map(http -> http.getSession(false)).map(HttpSession::getId)
			.map(CurrentActor::digest)
			.orElse(null);
		return ActorRef.user(account.org(), account.user(), roles, session,
				request.map(HttpServletRequest::getRemoteAddr).orElse(null));
	}

	private static Optional<HttpServletRequest> request() {
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				? Optional.of(attributes.getRequest()) : Optional.empty();
	}

}
