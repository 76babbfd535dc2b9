package health.haven.telehealth.web;

import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.records.ClientSummary;
import health.haven.records.Clients;
import health.haven.shared.ClientId;
import health.haven.shared.Purpose;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Clients' names for staff pages, through records' registry (which opens them and audits each): only the clients the
 * viewer may see demographics of; the others are left out, and pages show them as "a client outside your care".
 * Telehealth never opens a name itself.
 */
@Component
class ClientNames {

	private final Clients clients;

	private final AccessDecisions decisions;

	ClientNames(Clients clients, AccessDecisions decisions) {
		this.clients = clients;
		this.decisions = decisions;
	}

	Map<ClientId, ClientSummary> of(Actor actor, Collection<ClientId> wanted) {
		Purpose purpose = decisions.usualPurpose(actor);
		Map<ClientId, ClientSummary> found = new LinkedHashMap<>();
		for (ClientId client : wanted) {
			if (decisions.decide(actor, actor.org(), client, DataCategory.DEMOGRAPHIC, purpose).permitted()) {
				found.put(client, clients.find(actor, client, purpose));
			}
		}
		return found;
	}

}
