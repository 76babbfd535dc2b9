package health.haven.identity;

import health.haven.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An account as an administrator or a reviewer sees it: who it is, what it may do (roles, care teams) and when it was
 * last used. {@code lastActiveAt} is the last successful sign-in, absent if there never was one.
 */
public record AccountSummary(UserId id, String email, String displayName, String status, Set<Role> roles,
		List<String> careTeams, Instant createdAt, Instant lastActiveAt) {

	/**
	 * An active account unused this long is dormant and should be reviewed (DESIGN: live check for dormant accounts;
	 * the HIPAA access review asks whether every account that can sign in still needs to).
	 */
	public static final Duration DORMANT_AFTER = Duration.ofDays(90);

	public AccountSummary {
		roles = Set.copyOf(roles);
		careTeams = List.copyOf(careTeams);
	}

	/** Active, and neither signed in nor (if never) created within {@link #DORMANT_AFTER} of {@code now}. */
	public boolean dormantAt(Instant now) {
		Instant since = lastActiveAt != null ? lastActiveAt : createdAt;
		return "active".equals(status) && !since.plus(DORMANT_AFTER).isAfter(now);
	}

	public boolean isStaff() {
		return roles.stream().anyMatch(role -> role != Role.CLIENT);
	}

	@Override
	public String toString() {
		return "AccountSummary[" + id + ", " + status + ", " + roles + "]";
	}

}
