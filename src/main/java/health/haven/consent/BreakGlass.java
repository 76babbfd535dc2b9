package health.haven.consent;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.consent.internal.BreakGlassGrants;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Emergency access (SEC-AC-02): a clinician opens a client outside their care team, after a fresh second factor
 * (the web layer requires step-up), with a typed reason, for at most 60 minutes. It is flagged in the audit trail,
 * the privacy officer is alerted at once ({@link BreakGlassStarted}) and it waits in a review queue until signed off.
 */
@Service
public class BreakGlass {

	static final int SHORTEST_REASON = 15;

	private final BreakGlassGrants grants;

	private final TenantWork work;

	private final AuditTrail audit;

	private final ApplicationEventPublisher events;

	BreakGlass(BreakGlassGrants grants, TenantWork work, AuditTrail audit, ApplicationEventPublisher events) {
		this.grants = grants;
		this.work = work;
		this.audit = audit;
		this.events = events;
	}

	public UUID start(Actor actor, ClientId client, String reason, Duration length) {
		if (!actor.has(Role.CLINICIAN)) {
			throw new HavenException("CONSENT_BREAK_GLASS_NOT_ALLOWED", Kind.FORBIDDEN,
					"only clinicians may use emergency access");
		}
		String typed = reason == null ? "" : reason.strip();
		if (typed.length() < SHORTEST_REASON || typed.length() > 2000) {
			throw new HavenException("CONSENT_BREAK_GLASS_REASON_REQUIRED", Kind.BAD_REQUEST,
					"say why this is an emergency (at least " + SHORTEST_REASON + " characters)");
		}
		if (length.isNegative() || length.isZero() || length.compareTo(BreakGlassGrants.LONGEST) > 0) {
			throw new HavenException("CONSENT_BREAK_GLASS_TOO_LONG", Kind.BAD_REQUEST,
					"emergency access lasts at most 60 minutes");
		}
		UUID grant = work.inTransaction(actor.org(), () -> {
			UUID id = grants.insert(actor.org(), actor.user(), client, typed, length);
			audit.record(AuditEntry.of(actor.ref(), AuditAction.BREAK_GLASS, Purpose.EMERGENCY)
				.org(actor.org())
				.client(client)
				.resource("break_glass", id.toString())
				.detail("minutes", String.valueOf(length.toMinutes()))
				.detail("breakGlass", "true")
				.build());
			return id;
		});
		events.publishEvent(new BreakGlassStarted(actor.org(), grant));
		return grant;
	}

	/** The queue of emergency accesses not yet signed off, for the privacy officer. */
	public List<BreakGlassGrant> awaitingReview(Actor reviewer) {
		requireReviewer(reviewer);
		return grants.awaitingReview(reviewer.org());
	}

	public Optional<String> reason(Actor reviewer, UUID grant) {
		requireReviewer(reviewer);
		return grants.reason(reviewer.org(), grant);
	}

	/** Signs off one emergency access; it leaves the queue and, if still running, ends now. */
	public void signOff(Actor reviewer, UUID grant) {
		requireReviewer(reviewer);
		work.inTransaction(reviewer.org(), () -> {
			if (!grants.markReviewed(reviewer.org(), grant, reviewer.user())) {
				throw new HavenException("CONSENT_BREAK_GLASS_NOT_FOUND", Kind.NOT_FOUND,
						"no emergency access awaiting review with that id");
			}
			audit.record(AuditEntry.of(reviewer.ref(), AuditAction.UPDATE, Purpose.COMPLIANCE)
				.org(reviewer.org())
				.resource("break_glass", grant.toString())
				.detail("review", "signed_off")
				.build());
		});
		grants.forget();
	}

	private static void requireReviewer(Actor actor) {
		if (!actor.has(Role.COMPLIANCE_OFFICER)) {
			throw new HavenException("CONSENT_REVIEW_NOT_ALLOWED", Kind.FORBIDDEN,
					"only the privacy officer reviews emergency access");
		}
	}

}
