package health.haven.portal.web;

import health.haven.consent.ClientConsents;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;

/**
 * The signed-in client and the client record their account is linked to: every portal page acts for this pair only,
 * so no portal URL names a client and nobody reaches another client's portal by changing one. Staff are refused (the
 * portal is the client's own view; staff have the chart).
 */
record PortalClient(Actor actor, ClientId client) {

	static PortalClient current(ClientConsents consents) {
		Actor actor = CurrentActor.require();
		if (!actor.has(Role.CLIENT) || actor.isStaff()) {
			throw new HavenException("PORTAL_CLIENTS_ONLY", Kind.FORBIDDEN,
					"the portal is for clients; staff use the client's chart");
		}
		ClientId client = consents.self(actor)
			.orElseThrow(() -> new HavenException("PORTAL_NO_CLIENT_RECORD", Kind.NOT_FOUND,
					"your account is not linked to a client record yet; ask your care team"));
		return new PortalClient(actor, client);
	}

}
