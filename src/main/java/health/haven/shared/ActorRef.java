package health.haven.shared;

import java.util.Optional;

/**
 * Who is acting: a signed-in person (with the role they act in, their session and address) or a named system
 * process. No names, only ids, so an actor can go into audit entries, events and logs.
 *
 * @param org the organization the actor acts in, if any (system processes may act across organizations)
 * @param user the person's account, absent for a system process
 * @param role the role the person acts in, or the system process's name
 * @param session an opaque session reference (never the session cookie value)
 * @param sourceAddress the client's IP address, if known
 */
public record ActorRef(Optional<OrgId> org, Optional<UserId> user, String role, Optional<String> session,
		Optional<String> sourceAddress) {

	public static ActorRef system(String process) {
		return new ActorRef(Optional.empty(), Optional.empty(), "system:" + process, Optional.empty(),
				Optional.empty());
	}

	public static ActorRef user(OrgId org, UserId user, String role, String session, String sourceAddress) {
		return new ActorRef(Optional.of(org), Optional.of(user), role, Optional.ofNullable(session),
				Optional.ofNullable(sourceAddress));
	}

	public boolean isSystem() {
		return user.isEmpty();
	}

}
