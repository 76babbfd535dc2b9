package health.haven.identity.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.shared.ActorRef;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Changing one's own password: the current one first (a session left open is not enough), the new one under the
 * same rules as at account creation, and every other session of the account ends, in case the change is a response
 * to someone else knowing the old password. Never forced on a schedule (NIST SP 800-63B).
 */
@Component
class PasswordChanges {

	private final JdbcClient db;

	private final PasswordEncoder passwords;

	private final PasswordPolicy policy;

	private final AuditTrail audit;

	private final TenantWork work;

	PasswordChanges(JdbcClient db, PasswordEncoder passwords, PasswordPolicy policy, AuditTrail audit,
			TenantWork work) {
		this.db = db;
		this.passwords = passwords;
		this.policy = policy;
		this.audit = audit;
		this.work = work;
	}

	/** Returns how many other sessions were ended. */
	int change(SignInAccount account, ActorRef by, String current, String replacement, String keepSessionId) {
		String stored = work.reading(account.org(), () -> db
			.sql("SELECT password_hash FROM identity.user_account WHERE id = ?")
			.param(account.user().value())
			.query(String.class)
			.single());
		if (current == null || !passwords.matches(current, stored)) {
			throw new HavenException("IDENTITY_PASSWORD_WRONG", Kind.BAD_REQUEST, "your current password is not right");
		}
		if (replacement != null && replacement.equals(current)) {
			throw new HavenException("IDENTITY_PASSWORD_UNCHANGED", Kind.BAD_REQUEST,
					"the new password must differ from the current one");
		}
		policy.check(replacement);
		String hash = passwords.encode(replacement);
		return work.inTransaction(account.org(), () -> {
			db.sql("UPDATE identity.user_account SET password_hash = ? WHERE id = ?")
				.params(hash, account.user().value())
				.update();
			int ended = db.sql("DELETE FROM identity.spring_session WHERE principal_name = ? AND session_id <> ?")
				.params(account.user().toString(), keepSessionId)
				.update();
			audit.record(AuditEntry.of(by, AuditAction.UPDATE, Purpose.OPERATIONS)
				.org(account.org())
				.resource("user_account", account.user().toString())
				.detail("change", "password")
				.detail("sessionsEnded", String.valueOf(ended))
				.build());
			return ended;
		});
	}

}
