package health.haven.consent;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Who may act on a client's consents, location and join gates. Only the client signs and attests, for themself (staff
 * cannot sign for anyone); the client and the staff in their care (care team or program: clinicians, facilitators,
 * program director) see the results. Organization-wide roles do not: they keep no telehealth relationship. Every
 * refusal is audited; outside a care relationship the answer is "not found".
 */
@Component
class TelehealthCircle {

	static final Set<Role> CARE_ROLES = EnumSet.of(Role.CLIENT, Role.CLINICIAN, Role.FACILITATOR,
			Role.PROGRAM_DIRECTOR);

	/**
	 * Roles tied to every client of their organization for demographics (billing, front desk, admin): forbidden here
	 * whatever the client. Anyone else outside the care roles is tied to no client, so the answer is "not found".
	 */
	static final Set<Role> ORGANIZATION_WIDE = EnumSet.of(Role.BILLING, Role.FRONT_DESK, Role.ORG_ADMIN);

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	TelehealthCircle(AccessDecisions decisions, AuditTrail audit) {
		this.decisions = decisions;
		this.audit = audit;
	}

	/** The actor is the client themself, or the refusal (audited) is thrown. */
	void requireSelf(Actor actor, ClientId client, AuditAction action, String resourceType) {
		AccessDecision decision = decisions.decide(actor, actor.org(), client, DataCategory.DEMOGRAPHIC,
				Purpose.PATIENT_REQUEST);
		if (decision.permitted() && actor.has(Role.CLIENT)) {
			return;
		}
		if (decision instanceof AccessDecision.Deny deny && deny.looksLikeNotFound()) {
			decisions.enforce(actor, actor.org(), client, DataCategory.DEMOGRAPHIC, Purpose.PATIENT_REQUEST, action,
					resourceType, client.toString());
		}
		audit.recordRefusal(AuditEntry.of(actor.ref(), action, decisions.usualPurpose(actor))
			.org(actor.org())
			.client(client)
			.resource(resourceType, client.toString())
			.outcome(AuditOutcome.DENIED)
			.detail("reason", "CLIENT_SELF_ONLY")
			.build());
		throw new HavenException("CONSENT_CLIENT_SELF_ONLY", Kind.FORBIDDEN,
				"only the client themself signs consents and confirms where they are; staff cannot do it for them");
	}

	/**
	 * The actor is the client or staff in their care; decides and audits the access (a read is audited before any
	 * data leaves) or throws the audited refusal.
	 */
	void requireCare(Actor actor, ClientId client, AuditAction action, String resourceType) {
		if (CARE_ROLES.stream().noneMatch(actor::has) && ORGANIZATION_WIDE.stream().anyMatch(actor::has)) {
			audit.recordRefusal(AuditEntry.of(actor.ref(), action, decisions.usualPurpose(actor))
				.org(actor.org())
				.client(client)
				.resource(resourceType, client.toString())
				.outcome(AuditOutcome.DENIED)
				.detail("reason", "ROLE_NOT_IN_CARE")
				.build());
			throw new HavenException("ACCESS_DENIED", Kind.FORBIDDEN,
					"only the client and the staff in their care see this");
		}
		decisions.enforce(actor, actor.org(), client, DataCategory.DEMOGRAPHIC, decisions.usualPurpose(actor), action,
				resourceType, client.toString());
	}

	/** The purpose the actor acts for here: the client's own request, else their usual purpose. */
	Purpose purpose(Actor actor) {
		return decisions.usualPurpose(actor);
	}

	/** The client a client account is linked to ("self"), if the actor is a client. */
	java.util.Optional<ClientId> self(Actor actor, health.haven.identity.CareTeams careTeams) {
		if (!actor.has(Role.CLIENT)) {
			return java.util.Optional.empty();
		}
		return careTeams.clientsOf(actor.org(), actor.user())
			.stream()
			.filter(client -> careTeams.relationship(actor.org(), actor.user(), client) == health.haven.identity.Relationship.SELF)
			.sorted(java.util.Comparator.comparing(ClientId::value))
			.findFirst();
	}

}
