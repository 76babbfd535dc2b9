package health.haven.consent;

import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecision.Deny;
import health.haven.consent.AccessDecision.Reason;
import health.haven.consent.internal.BreakGlassGrants;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.util.Optional;

/**
 * The real access decisions, except that nobody may see Part 2 (SUD) records: a stand-in for a reader who may see a
 * client's general record but not Part 2 records (a role or a client's restriction that today's policy does not yet
 * have), so that tests can show what such a reader is shown. Denials are audited as the real ones are.
 */
public class PartTwoWithheld extends AccessDecisions {

	public PartTwoWithheld(CareTeams careTeams, BreakGlassGrants breakGlass, AuditTrail audit) {
		super(careTeams, breakGlass, audit);
	}

	@Override
	public AccessDecision decide(Actor actor, OrgId clientOrg, ClientId client, DataCategory category,
			Purpose purpose, Optional<UserId> author) {
		return category == DataCategory.SUD_PART2 ? new Deny(Reason.CATEGORY_NOT_ALLOWED)
				: super.decide(actor, clientOrg, client, category, purpose, author);
	}

}
