package health.haven.identity.internal;

import health.haven.identity.Accounts;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one cross-tenant lookup Haven makes: which account, in which organization, an e-mail address (by its keyed
 * blind index, never the address) or an account id belongs to. Sign-in needs it before anyone knows the organization; everything after it runs under that
 * organization's row-level security.
 */
@Component
class SignInNames {

	private final JdbcClient db;

	private final AccountIdentity identity;

	SignInNames(JdbcClient db, AccountIdentity identity) {
		this.db = db;
		this.identity = identity;
	}

	Optional<Account> byEmail(String typed) {
		if (typed == null || typed.isBlank()) {
			return Optional.empty();
		}
		return db.sql("SELECT user_id, org_id FROM identity.sign_in_name WHERE email_index = ?")
			.param(identity.emailIndex(Accounts.normalizeEmail(typed)))
			.query((rows, n) -> new Account(new UserId(rows.getObject(1, UUID.class)),
					new OrgId(rows.getObject(2, UUID.class))))
			.optional();
	}

	/** After sign-in the principal's name is the account id (see {@link AccountDetails}). */
	Optional<Account> byPrincipalName(String principalName) {
		UUID id;
		try {
			id = UUID.fromString(principalName);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return Optional.empty();
		}
		return db.sql("SELECT user_id, org_id FROM identity.sign_in_name WHERE user_id = ?")
			.param(id)
			.query((rows, n) -> new Account(new UserId(rows.getObject(1, UUID.class)),
					new OrgId(rows.getObject(2, UUID.class))))
			.optional();
	}

	record Account(UserId user, OrgId org) {
	}

}
