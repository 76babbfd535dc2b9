package health.haven.messaging.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who takes part in messaging and how: clients (their own record's threads with their team) and the clinical staff
 * of a client's care (clinicians, facilitators, program directors, as {@link AccessDecisions} decides for treatment).
 * Billing, front desk, administrators, the privacy officer and auditors have no messages: their roles see no
 * clinical content (minimum necessary), and a message is clinical content.
 */
@Component
public class Participants {

	static final Set<Role> CLINICAL_STAFF = EnumSet.of(Role.CLINICIAN, Role.FACILITATOR, Role.PROGRAM_DIRECTOR);

	private final CareTeams careTeams;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	Participants(CareTeams careTeams, AccessDecisions decisions, AuditTrail audit) {
		this.careTeams = careTeams;
		this.decisions = decisions;
		this.audit = audit;
	}

	/** Refuses (403) anyone whose role takes no part in messaging. */
	public void requireParticipant(Actor actor) {
		if (!actsAsClient(actor) && !actsAsStaff(actor)) {
			throw new HavenException("MESSAGING_NOT_FOR_ROLE", Kind.FORBIDDEN,
					"secure messages are between clients and the clinical staff in their care");
		}
	}

	public boolean actsAsStaff(Actor actor) {
		return actor.roles().stream().anyMatch(CLINICAL_STAFF::contains);
	}

	/** A client, and not also clinical staff (staff who are also clients act as staff). */
	public boolean actsAsClient(Actor actor) {
		return actor.has(Role.CLIENT) && !actsAsStaff(actor);
	}

	public Purpose purpose(Actor actor) {
		return actsAsClient(actor) ? Purpose.PATIENT_REQUEST : Purpose.TREATMENT;
	}

	/** The client's own record, if their account is linked to one. */
	public Optional<ClientId> ownRecord(Actor actor) {
		return careTeams.clientsOf(actor.org(), actor.user())
			.stream()
			.filter(client -> careTeams.relationship(actor.org(), actor.user(), client) == Relationship.SELF)
			.sorted(java.util.Comparator.comparing(ClientId::toString))
			.findFirst();
	}

	/** The clients whose threads the actor may see: their own record, or the clients in their care. */
	public Set<ClientId> clientsInView(Actor actor) {
		if (actsAsClient(actor)) {
			return ownRecord(actor).map(Set::of).orElse(Set.of());
		}
		return decisions.scope(actor, DataCategory.GENERAL, Purpose.TREATMENT).clients();
	}

	/**
	 * The answer for a thread the actor may not see or that does not exist: audited as a denial (with the client it is
	 * about, when there is one) and "not found", the same for every case, so that guessing ids teaches nothing.
	 */
	public HavenException refuse(Actor actor, UUID thread, ClientId client, String reason, AuditAction action) {
		AuditEntry.Builder entry = AuditEntry.of(actor.ref(), action, purpose(actor))
			.org(actor.org())
			.resource("message_thread", thread == null ? "invalid" : thread.toString())
			.detail("category", DataCategory.GENERAL.name())
			.detail("reason", reason)
			.outcome(AuditOutcome.DENIED);
		if (client != null) {
			entry.client(client);
		}
		audit.recordRefusal(entry.build());
		return notFound();
	}

	public static HavenException notFound() {
		return new HavenException("MESSAGING_THREAD_NOT_FOUND", Kind.NOT_FOUND, "there is no such conversation");
	}

}
