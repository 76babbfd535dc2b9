package health.haven.identity;

import health.haven.shared.ActorRef;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A signed-in person acting in Haven: their organization, account and roles, and where the request came from. The
 * session is named by a digest of its id, never the id itself (a session id is a bearer secret).
 */
public record Actor(OrgId org, UserId user, Set<Role> roles, String sessionDigest, String sourceAddress) {

	public Actor {
		roles = Set.copyOf(roles);
	}

	public boolean has(Role role) {
		return roles.contains(role);
	}

	public boolean isStaff() {
		return roles.stream().anyMatch(Role::isStaff);
	}

	/** The actor as the audit trail records it. */
	public ActorRef ref() {
		String names = roles.isEmpty() ? "none"
				: roles.stream().map(Role::name).sorted().collect(Collectors.joining("+"));
		return ActorRef.user(org, user, names, sessionDigest, sourceAddress);
	}

}
