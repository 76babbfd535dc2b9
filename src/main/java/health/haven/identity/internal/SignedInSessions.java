package health.haven.identity.internal;

import health.haven.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ends every session of an account at once, on every node: sessions live only in PostgreSQL (Spring Session JDBC),
 * keyed by the account id as principal name, and each request loads its session from there, so a deleted row is a
 * signed-out person on their very next request (the browser goes to the sign-in page, the API answers 401).
 *
 * <p>Called inside the caller's transaction, so the sessions end if and only if the change that ends them commits.
 */
@Component
public class SignedInSessions {

	private final JdbcClient db;

	SignedInSessions(JdbcClient db) {
		this.db = db;
	}

	/** Returns how many sessions ended. Attributes go with their session (ON DELETE CASCADE). */
	public int endAll(UserId user) {
		return db.sql("DELETE FROM identity.spring_session WHERE principal_name = ?")
			.param(user.toString())
			.update();
	}

}
