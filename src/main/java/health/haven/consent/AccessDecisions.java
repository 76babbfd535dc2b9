package health.haven.consent;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecision.Deny;
import health.haven.consent.AccessDecision.Permit;
import health.haven.consent.AccessDecision.Reason;
import health.haven.consent.internal.AccessPolicy;
import health.haven.consent.internal.AccessPolicy.Basis;
import health.haven.consent.internal.AccessPolicy.Grant;
import health.haven.consent.internal.BreakGlassGrants;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The single policy decision point: may this person see this client's data of this category for this purpose?
 * Role permission x relationship (care team, program, self, break-glass, authorship) x data category x purpose, from
 * the table in {@link AccessPolicy}; deny by default.
 *
 * <p>Module APIs call {@link #enforce} at their entry before any client data leaves them: it decides, writes the
 * audit entry (denials included) and, on a denial, throws: "not found" when nothing ties the person to the client,
 * "forbidden" when something does but not for this kind of data or purpose.
 */
@Service
public class AccessDecisions {

	private final CareTeams careTeams;

	private final BreakGlassGrants breakGlass;

	private final AuditTrail audit;

	AccessDecisions(CareTeams careTeams, BreakGlassGrants breakGlass, AuditTrail audit) {
		this.careTeams = careTeams;
		this.breakGlass = breakGlass;
		this.audit = audit;
	}

	public AccessDecision decide(Actor actor, OrgId clientOrg, ClientId client, DataCategory category,
			Purpose purpose) {
		return decide(actor, clientOrg, client, category, purpose, Optional.empty());
	}

	/** As above, for an item written by a known author (psychotherapy notes are their author's alone). */
	public AccessDecision decide(Actor actor, OrgId clientOrg, ClientId client, DataCategory category,
			Purpose purpose, Optional<UserId> author) {
		if (!actor.org().equals(clientOrg)) {
			return new Deny(Reason.OTHER_ORGANIZATION);
		}
		Set<Basis> bases = EnumSet.of(Basis.ORGANIZATION);
		Relationship relationship = careTeams.relationship(actor.org(), actor.user(), client);
		switch (relationship) {
			case SELF -> bases.add(Basis.SELF);
			case CARE_TEAM -> bases.add(Basis.CARE_TEAM);
			case PROGRAM -> bases.add(Basis.PROGRAM);
			case NONE -> {
			}
		}
		if (author.map(actor.user()::equals).orElse(false)) {
			bases.add(Basis.AUTHOR);
		}
		if (breakGlass.active(actor.org(), actor.user(), client)) {
			bases.add(Basis.BREAK_GLASS);
		}
		List<Grant> applicable = AccessPolicy.GRANTS.stream()
			.filter(grant -> actor.roles().contains(grant.role()) && bases.contains(grant.basis()))
			.toList();
		if (applicable.isEmpty()) {
			return new Deny(Reason.NO_RELATIONSHIP);
		}
		List<Grant> forCategory = applicable.stream().filter(grant -> grant.categories().contains(category)).toList();
		if (forCategory.isEmpty()) {
			return new Deny(Reason.CATEGORY_NOT_ALLOWED);
		}
		Optional<Grant> granted = forCategory.stream().filter(grant -> grant.purposes().contains(purpose)).findFirst();
		if (granted.isEmpty()) {
			return new Deny(Reason.PURPOSE_NOT_ALLOWED);
		}
		return new Permit(granted.get().basis() == Basis.ORGANIZATION ? Relationship.NONE : relationship,
				granted.get().basis() == Basis.BREAK_GLASS);
	}

	/**
	 * Decides, audits and enforces one access to a client's data. A permitted read is audited before the caller
	 * returns any data (fail-closed: no audit entry, no data); a denial is audited and thrown.
	 */
	public Permit enforce(Actor actor, OrgId clientOrg, ClientId client, DataCategory category, Purpose purpose,
			AuditAction action, String resourceType, String resourceId) {
		return enforce(actor, clientOrg, client, category, purpose, Optional.empty(), action, resourceType,
				resourceId);
	}

	/** As above, for an item written by a known author (psychotherapy notes are their author's alone). */
	public Permit enforce(Actor actor, OrgId clientOrg, ClientId client, DataCategory category, Purpose purpose,
			Optional<UserId> author, AuditAction action, String resourceType, String resourceId) {
		AccessDecision decision = decide(actor, clientOrg, client, category, purpose, author);
		AuditEntry.Builder entry = AuditEntry.of(actor.ref(), action, purpose)
			.org(actor.org())
			.client(client)
			.resource(resourceType, resourceId)
			.detail("category", category.name());
		if (decision instanceof Permit permit) {
			if (permit.breakGlass()) {
				entry.detail("breakGlass", "true");
			}
			AuditEntry permitted = entry.outcome(AuditOutcome.ALLOWED).build();
			if (action == AuditAction.READ) {
				audit.recordBeforeRead(permitted);
			}
			else {
				audit.record(permitted);
			}
			return permit;
		}
		Deny deny = (Deny) decision;
		audit.recordRefusal(entry.outcome(AuditOutcome.DENIED).detail("reason", deny.reason().name()).build());
		if (deny.looksLikeNotFound()) {
			throw new HavenException("CLIENT_NOT_FOUND", Kind.NOT_FOUND, "no such client");
		}
		throw new HavenException("ACCESS_DENIED", Kind.FORBIDDEN,
				"your role does not allow this kind of information for this purpose");
	}

	/**
	 * Audits a request for a client that does not exist (or not in the asker's organization) as a denial, and
	 * returns the "not found" to throw: the same answer as for a client outside the asker's relationships.
	 */
	public HavenException refuseUnknown(Actor actor, ClientId client, DataCategory category, Purpose purpose,
			AuditAction action, String resourceType) {
		audit.recordRefusal(AuditEntry.of(actor.ref(), action, purpose)
			.org(actor.org())
			.client(client)
			.resource(resourceType, client.toString())
			.detail("category", category.name())
			.detail("reason", "NOT_FOUND")
			.outcome(AuditOutcome.DENIED)
			.build());
		return new HavenException("CLIENT_NOT_FOUND", Kind.NOT_FOUND, "no such client");
	}

	/**
	 * Which clients a person could possibly see data of this category for this purpose: everyone in the
	 * organization for organization-wide roles, else their related clients. Each one is still decided (and
	 * audited) by {@link #enforce} before its data is shown.
	 */
	public Scope scope(Actor actor, DataCategory category, Purpose purpose) {
		boolean organizationWide = AccessPolicy.GRANTS.stream()
			.anyMatch(grant -> actor.roles().contains(grant.role()) && grant.basis() == Basis.ORGANIZATION
					&& grant.categories().contains(category) && grant.purposes().contains(purpose));
		if (organizationWide) {
			return new Scope(true, Set.of());
		}
		return new Scope(false, careTeams.clientsOf(actor.org(), actor.user()));
	}

	/** The purpose a person acts for when they do not say (a clinician: treatment; billing: payment...). */
	public Purpose usualPurpose(Actor actor) {
		for (Role role : List.of(Role.CLINICIAN, Role.FACILITATOR, Role.PROGRAM_DIRECTOR, Role.CLIENT, Role.BILLING,
				Role.FRONT_DESK, Role.ORG_ADMIN)) {
			if (actor.has(role)) {
				return AccessPolicy.usualPurpose(role);
			}
		}
		return Purpose.OPERATIONS;
	}

	/** @param wholeOrganization every client of the organization; otherwise only {@code clients} */
	public record Scope(boolean wholeOrganization, Set<ClientId> clients) {
	}

}
