package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.shared.ClientId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import org.springframework.stereotype.Service;

/**
 * The chart summary: demographics, the current treatment plan and the latest notes, each part read through its own
 * service, so that each is decided and audited exactly as when it is read alone (demographics first: a client outside
 * the reader's care is "not found" before anything else is looked at). Someone who may see demographics but not
 * clinical content (billing, front desk) is refused the summary as a whole, before any part of it is read.
 */
@Service
public class ChartSummaries {

	/** How many of the latest progress notes the summary shows. */
	public static final int RECENT_NOTES = 5;

	private final Clients clients;

	private final ClientProfiles profiles;

	private final TreatmentPlans plans;

	private final ProgressNotes notes;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	private final ChartAccess access;

	private final TenantWork work;

	ChartSummaries(Clients clients, ClientProfiles profiles, TreatmentPlans plans, ProgressNotes notes,
			AccessDecisions decisions, AuditTrail audit, ChartAccess access, TenantWork work) {
		this.work = work;
		this.access = access;
		this.audit = audit;
		this.clients = clients;
		this.profiles = profiles;
		this.plans = plans;
		this.notes = notes;
		this.decisions = decisions;
	}

	/** Whether the actor may see clinical content of this client for this purpose, so may open the summary. */
	public boolean available(Actor actor, ClientId client, Purpose purpose) {
		return decisions.decide(actor, actor.org(), client, DataCategory.GENERAL, purpose).permitted();
	}

	/** The summary of one chart, for treatment or, under break-glass, for an emergency. */
	public ChartSummary of(Actor actor, ClientId client, Purpose purpose) {
		if (!available(actor, client, purpose)) {
			// A client who is not there (or in another organization) is "not found" for everyone; else refused.
			access.requireClient(actor, client, DataCategory.GENERAL, purpose, AuditAction.READ, "chart_summary");
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.READ,
					"chart_summary", client.toString());
		}
		// All parts read in one read-only transaction (each service joins it); their audit entries are made durable
		// together, after it, before the summary is returned. A refusal's entry is recorded apart from the transaction.
		return audit.readingTogether(() -> work.reading(actor.org(), () -> {
			ClientSummary demographics = clients.find(actor, client, purpose);
			return new ChartSummary(demographics, profiles.of(actor, client, purpose), plans.of(actor, client, purpose),
					notes.recent(actor, client, purpose, RECENT_NOTES));
		}));
	}

}
