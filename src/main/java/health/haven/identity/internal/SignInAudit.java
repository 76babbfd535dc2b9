package health.haven.identity.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.shared.ActorRef;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureDisabledEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Every sign-in and every failed sign-in goes to the audit trail (SEC-AU-01, ADM-TR-01 log-in monitoring), with the
 * account when it is known and the source address. The name typed into the form is never recorded: a mistyped
 * password ends up there more often than one would think.
 */
@Component
class SignInAudit {

	private final AuditTrail audit;

	private final SignInNames names;

	SignInAudit(AuditTrail audit, SignInNames names) {
		this.audit = audit;
		this.names = names;
	}

	@EventListener
	void signedIn(AuthenticationSuccessEvent event) {
		Authentication authentication = event.getAuthentication();
		Optional<Account> account = accountById(authentication.getName());
		if (account.isEmpty()) {
			return;
		}
		String roles = SignInAccount.roleNames(authentication.getAuthorities());
		ActorRef actor = ActorRef.user(account.get().org(), account.get().user(), roles,
				null, sourceAddress(authentication));
		audit.record(AuditEntry.of(actor, AuditAction.SIGN_IN, Purpose.OPERATIONS)
			.org(account.get().org())
			.resource("user_account", account.get().user().toString())
			.detail("factor", "password")
			.detail("device", device())
			.build());
	}

	@EventListener
	void signInFailed(AbstractAuthenticationFailureEvent event) {
		Authentication attempt = event.getAuthentication();
		Optional<Account> account = account(attempt.getName());
		String address = sourceAddress(attempt);
		ActorRef actor = new ActorRef(account.map(Account::org), Optional.empty(), "anonymous", Optional.empty(),
				Optional.ofNullable(address));
		AuditEntry.Builder entry = AuditEntry.of(actor, AuditAction.SIGN_IN_FAILURE, Purpose.OPERATIONS)
			.outcome(AuditOutcome.DENIED)
			.detail("reason", reason(event))
			.detail("device", device());
		account.ifPresent(known -> entry.org(known.org()).resource("user_account", known.user().toString()));
		audit.record(entry.build());
	}

	private Optional<Account> accountById(String principalName) {
		return names.byPrincipalName(principalName).map(found -> new Account(found.user(), found.org()));
	}

	private Optional<Account> account(String username) {
		return names.byEmail(username).map(found -> new Account(found.user(), found.org()));
	}

	/**
	 * The browser family and system of the request (what {@link SignInDevices#describe} shows on the sessions page),
	 * for the owner's sign-in history: an audit detail is a code, so spaces become underscores. Never the raw
	 * User-Agent, which is long and nearly unique to a person.
	 */
	static String device() {
		String userAgent = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				? attributes.getRequest().getHeader("User-Agent") : null;
		return SignInDevices.describe(userAgent).replace(' ', '_');
	}

	private static String sourceAddress(Authentication authentication) {
		return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress()
				: null;
	}

	private static String reason(AbstractAuthenticationFailureEvent event) {
		if (event instanceof AuthenticationFailureBadCredentialsEvent) {
			return "bad_credentials";
		}
		if (event instanceof AuthenticationFailureLockedEvent) {
			return "locked";
		}
		if (event instanceof AuthenticationFailureDisabledEvent) {
			return "disabled";
		}
		return "other";
	}

	record Account(UserId user, OrgId org) {
	}

}
