package health.haven.identity.internal;

import health.haven.shared.tenancy.TenantWork;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code user_account.last_active_at} at the time of the account's last successful sign-in, which the access
 * review uses to find dormant accounts. The password step is the moment recorded, because every sign-in passes through
 * it (the second step is not an authentication-manager event). Someone holding only the password also refreshes it;
 * the sign-in audit trail tells those apart when a review needs to.
 */
@Component
class LastActivity {

	private final JdbcClient db;

	private final SignInNames names;

	private final TenantWork work;

	LastActivity(JdbcClient db, SignInNames names, TenantWork work) {
		this.db = db;
		this.names = names;
		this.work = work;
	}

	@EventListener
	void signedIn(AuthenticationSuccessEvent event) {
		names.byPrincipalName(event.getAuthentication().getName())
			.ifPresent(account -> work.inTransaction(account.org(),
					() -> db.sql("UPDATE identity.user_account SET last_active_at = now() WHERE id = ?")
						.param(account.user().value())
						.update()));
	}

}
