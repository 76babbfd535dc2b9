package health.haven.identity.internal;

import java.time.Instant;
import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * An account as sign-in sees it. It never reports itself locked to Spring's pre-authentication checks, which run
 * before the password is hashed and would make a locked account answer faster than any other; the lock is checked
 * after the password instead ({@link SignInLockout#afterPasswordCheck}), so every attempt costs the same.
 */
class SignInAccount extends User {

	private final Instant lockedUntil;

	SignInAccount(String accountId, String passwordHash, boolean active,
			Collection<? extends GrantedAuthority> authorities, Instant lockedUntil) {
		super(accountId, passwordHash, active, true, true, true, authorities);
		this.lockedUntil = lockedUntil;
	}

	boolean lockedAt(Instant now) {
		return lockedUntil != null && lockedUntil.isAfter(now);
	}

}
