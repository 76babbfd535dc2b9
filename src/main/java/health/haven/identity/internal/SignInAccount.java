package health.haven.identity.internal;

import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * An account as sign-in sees it, and the principal of a signed-in session. It never reports itself locked to
 * Spring's pre-authentication checks, which run before the password is hashed and would make a locked account answer
 * faster than any other; the lock is checked after the password instead ({@link SignInLockout#afterPasswordCheck}),
 * so every attempt costs the same.
 */
public final class SignInAccount extends User {

	private static final long serialVersionUID = 1L;

	private final UUID org;

	private final Instant lockedUntil;

	SignInAccount(String accountId, OrgId org, String passwordHash, boolean active,
			Collection<? extends GrantedAuthority> authorities, Instant lockedUntil) {
		super(accountId, passwordHash, active, true, true, true, authorities);
		this.org = org.value();
		this.lockedUntil = lockedUntil;
	}

	public OrgId org() {
		return new OrgId(org);
	}

	public UserId user() {
		return new UserId(UUID.fromString(getUsername()));
	}

	/** The role names of a set of authorities as the audit trail records them: "CLINICIAN+PROGRAM_DIRECTOR". */
	static String roleNames(Collection<? extends GrantedAuthority> authorities) {
		String roles = authorities.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(authority -> authority != null && authority.startsWith("ROLE_"))
			.map(authority -> authority.substring(5))
			.sorted()
			.collect(java.util.stream.Collectors.joining("+"));
		return roles.isEmpty() ? "none" : roles;
	}

	SignInAccount withPasswordHash(String passwordHash) {
		return new SignInAccount(getUsername(), org(), passwordHash, isEnabled(), getAuthorities(), lockedUntil);
	}

	boolean lockedAt(Instant now) {
		return lockedUntil != null && lockedUntil.isAfter(now);
	}

}
