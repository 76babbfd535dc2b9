package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.internal.ChartState;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The checks every chart section (diagnoses, medications, the treatment plan) makes before it reads or writes: the
 * client exists in the asker's organization, and a writer is a clinician or program director on the client's care
 * team. Reading itself is decided by {@link AccessDecisions#enforce} in each public method.
 */
@Component
class ChartAccess {

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	private final ChartState state;

	ChartAccess(AccessDecisions decisions, AuditTrail audit, ChartState state) {
		this.decisions = decisions;
		this.audit = audit;
		this.state = state;
	}

	/**
	 * A client not visible under row-level security (absent, or another organization's) is "not found", audited as a
	 * denial, the same answer as a client outside one's care.
	 */
	void requireClient(Actor actor, ClientId client, DataCategory category, Purpose purpose, AuditAction action,
			String resourceType) {
		if (!state.exists(actor.org(), client)) {
			throw decisions.refuseUnknown(actor, client, category, purpose, action, resourceType);
		}
	}

	/**
	 * Decides a write before the input is checked, so that someone outside the care team learns nothing from a
	 * validation message. The care team may read the chart for treatment, but only clinicians and program directors
	 * change it: facilitators run groups and write their group notes, not diagnoses or plans. Does not audit a
	 * permitted write; the caller enforces (and so audits) once the input is known to be good.
	 */
	void requireWriter(Actor actor, ClientId client, DataCategory category, AuditAction action, String resourceType,
			String resourceId) {
		requireClient(actor, client, category, Purpose.TREATMENT, action, resourceType);
		if (!decisions.decide(actor, actor.org(), client, category, Purpose.TREATMENT).permitted()) {
			decisions.enforce(actor, actor.org(), client, category, Purpose.TREATMENT, action, resourceType,
					resourceId);
		}
		if (!actor.has(Role.CLINICIAN) && !actor.has(Role.PROGRAM_DIRECTOR)) {
			audit.record(AuditEntry.of(actor.ref(), action, Purpose.TREATMENT)
				.org(actor.org())
				.client(client)
				.resource(resourceType, resourceId)
				.detail("category", category.name())
				.detail("reason", "ROLE_MAY_NOT_WRITE")
				.outcome(AuditOutcome.DENIED)
				.build());
			throw new HavenException("RECORDS_CHART_WRITE_NOT_ALLOWED", Kind.FORBIDDEN,
					"only the client's clinicians and the program director may change the chart");
		}
		state.requireOpen(actor.org(), client);
	}

	/** Refuses a change to a discharged client's chart; for write paths that do not go through requireWriter. */
	void requireOpen(Actor actor, ClientId client) {
		state.requireOpen(actor.org(), client);
	}

	/** The data-category label an item is created with; only the chart's categories are accepted. */
	static DataCategory category(String requested, DataCategory fallback) {
		if (requested == null || requested.isBlank()) {
			return fallback;
		}
		return switch (requested.strip().toUpperCase(Locale.ROOT)) {
			case "GENERAL" -> DataCategory.GENERAL;
			case "SUD_PART2" -> DataCategory.SUD_PART2;
			default -> throw new HavenException("RECORDS_CATEGORY_INVALID", Kind.BAD_REQUEST,
					"the data category must be GENERAL or SUD_PART2");
		};
	}

}
