package health.haven.identity;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditQueries;
import health.haven.audit.AuditRecord;
import health.haven.audit.AuditTrail;
import health.haven.shared.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * A person's own sign-in history, from the audit trail (which {@code SignInAudit} and the second-factor check write):
 * when, from which browser family and address, and whether it worked. Only ever the asker's own account, so there is
 * nothing to decide beyond being signed in; looking is itself audited, as every look at the trail is.
 *
 * <p>The owner is the one who can tell a stolen password from a new laptop (DESIGN.md capability 10), so failures are
 * shown as plainly as successes. The name typed into a failed sign-in was never recorded and so cannot be shown.
 */
@Service
public class SignInHistory {

	/** How far back the history goes: long enough to notice a pattern, short enough to read. */
	public static final Duration LOOK_BACK = Duration.ofDays(90);

	static final int MOST = 50;

	private final AuditQueries queries;

	private final AuditTrail audit;

	SignInHistory(AuditQueries queries, AuditTrail audit) {
		this.queries = queries;
		this.audit = audit;
	}

	/** The actor's own sign-in events of the last {@link #LOOK_BACK}, newest first, at most 50. */
	public List<SignInEvent> of(Actor actor) {
		audit.recordBeforeRead(AuditEntry.of(actor.ref(), AuditAction.READ, Purpose.OPERATIONS)
			.org(actor.org())
			.resource("sign_in_history", actor.user().toString())
			.build());
		return queries.signInsOf(actor.org(), actor.user(), Instant.now().minus(LOOK_BACK), MOST)
			.stream()
			.map(SignInHistory::event)
			.toList();
	}

	private static SignInEvent event(AuditRecord record) {
		AuditEntry entry = record.entry();
		String step = switch (entry.action()) {
			case SIGN_IN, SIGN_IN_FAILURE -> "Password";
			default -> "Second factor";
		};
		boolean succeeded = entry.action() == AuditAction.SIGN_IN || entry.action() == AuditAction.MFA_CHALLENGE_PASSED;
		String device = entry.details().getOrDefault("device", "").replace('_', ' ');
		return new SignInEvent(entry.occurredAt(), step, succeeded, device.isBlank() ? "Not recorded" : device,
				entry.actor().sourceAddress().orElse("unknown address"));
	}

	/**
	 * One sign-in step.
	 *
	 * @param step "Password" or "Second factor"
	 * @param device the browser family and system, e.g. "Firefox on Linux"
	 */
	public record SignInEvent(Instant at, String step, boolean succeeded, String device, String sourceAddress) {
	}

}
