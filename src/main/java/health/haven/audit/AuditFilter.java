package health.haven.audit;

import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which entries: those of one organization in {@code [from, to)}, optionally narrowed to a client, an acting user
 * or an action.
 */
public record AuditFilter(OrgId org, Instant from, Instant to, Optional<ClientId> client, Optional<UserId> user,
		Optional<AuditAction> action) {

	public AuditFilter {
		Objects.requireNonNull(org, "org");
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("an audit period must end after it starts");
		}
	}

	public static AuditFilter of(OrgId org, Instant from, Instant to) {
		return new AuditFilter(org, from, to, Optional.empty(), Optional.empty(), Optional.empty());
	}

	public AuditFilter client(ClientId value) {
		return new AuditFilter(org, from, to, Optional.of(value), user, action);
	}

	public AuditFilter user(UserId value) {
		return new AuditFilter(org, from, to, client, Optional.of(value), action);
	}

	public AuditFilter action(AuditAction value) {
		return new AuditFilter(org, from, to, client, user, Optional.of(value));
	}

}
