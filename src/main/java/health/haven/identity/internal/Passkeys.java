package health.haven.identity.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What Haven's pages and rules need to know about an account's passkeys (the store itself is Spring's). */
@Component
class Passkeys {

	private final JdbcClient db;

	Passkeys(JdbcClient db) {
		this.db = db;
	}

	int count(SignInAccount account) {
		return db.sql("""
				SELECT count(*) FROM identity.user_credentials c
				JOIN identity.user_entities u ON u.id = c.user_entity_user_id
				WHERE u.account_id = ?""").param(account.user().value()).query(Integer.class).single();
	}

}
