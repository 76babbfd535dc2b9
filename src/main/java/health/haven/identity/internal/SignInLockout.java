package health.haven.identity.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.shared.ActorRef;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.Tenancy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;

/**
 * Lockout with exponential back-off (ADM-TR-01): after {@value #ATTEMPTS} wrong passwords in a row an account is
 * locked for 15 minutes, then 30, 60... up to a day; a successful sign-in resets the counters. Locking is temporary
 * on purpose, so that it cannot be used to keep a clinician out for good. The answer while locked is the same as for
 * a wrong password, and comes after the same password hashing.
 */
@Component
class SignInLockout {

	static final int ATTEMPTS = 5;

	static final Duration FIRST_LOCK = Duration.ofMinutes(15);

	static final Duration LONGEST_LOCK = Duration.ofDays(1);

	private final JdbcClient db;

	private final AuditTrail audit;

	private final SignInNames names;

	SignInLockout(JdbcClient db, AuditTrail audit, SignInNames names) {
		this.db = db;
		this.audit = audit;
		this.names = names;
	}

	/** Spring's post-authentication check: the password was right, but the account may be locked. */
	static void afterPasswordCheck(UserDetails user) {
		if (user instanceof SignInAccount account && account.lockedAt(Instant.now())) {
			throw new LockedException("account locked");
		}
	}

	@EventListener
	void wrongPassword(AuthenticationFailureBadCredentialsEvent event) {
		names.byEmail(event.getAuthentication().getName())
			.ifPresent(account -> Tenancy.run(account.org(), () -> countFailure(account.user().value())));
	}

	/** A wrong second-factor code counts like a wrong password. */
	void secondFactorFailed(SignInAccount account) {
		Tenancy.run(account.org(), () -> countFailure(account.user().value()));
	}

	private void countFailure(UUID account) {
		record Counted(UUID id, UUID orgId, int failedAttempts, int lockCount) {
		}
		Optional<Counted> counted = db.sql("""
				UPDATE identity.user_account SET failed_attempts = failed_attempts + 1
				WHERE id = ? AND (locked_until IS NULL OR locked_until < now())
				RETURNING id, org_id, failed_attempts, lock_count""")
			.param(account)
			.query(Counted.class)
			.optional();
		if (counted.isEmpty() || counted.get().failedAttempts() < ATTEMPTS) {
			return;
		}
		Duration lock = lockFor(counted.get().lockCount());
		db.sql("""
				UPDATE identity.user_account
				SET locked_until = now() + make_interval(secs => ?), lock_count = lock_count + 1, failed_attempts = 0
				WHERE id = ?""").params(lock.toSeconds(), counted.get().id()).update();
		audit.record(AuditEntry.of(ActorRef.system("sign-in-lockout"), AuditAction.ACCOUNT_LOCKED, Purpose.OPERATIONS)
			.org(new OrgId(counted.get().orgId()))
			.resource("user_account", counted.get().id().toString())
			.detail("minutes", String.valueOf(lock.toMinutes()))
			.detail("lockCount", String.valueOf(counted.get().lockCount() + 1))
			.build());
	}

	@EventListener
	void signedIn(AuthenticationSuccessEvent event) {
		names.byPrincipalName(event.getAuthentication().getName())
			.ifPresent(account -> Tenancy.run(account.org(), () -> db.sql("""
					UPDATE identity.user_account SET failed_attempts = 0, lock_count = 0, locked_until = NULL
					WHERE id = ? AND (failed_attempts > 0 OR lock_count > 0 OR locked_until IS NOT NULL)""")
				.param(account.user().value())
				.update()));
	}

	static Duration lockFor(int previousLocks) {
		Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(previousLocks, 16));
		return lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock;
	}

}
