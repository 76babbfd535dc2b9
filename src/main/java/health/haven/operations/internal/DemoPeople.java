package health.haven.operations.internal;

import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Who is who in the demo organization, as the demo's seeders need it. */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
class DemoPeople {

	private final CareTeams careTeams;

	DemoPeople(CareTeams careTeams) {
		this.careTeams = careTeams;
	}

	/**
	 * The clients on the clinician's own care team (not those seen through the program), in a stable order that every
	 * seeder shares, so that "the first evening client" is the same client in each of them.
	 */
	List<ClientId> ownClients(OrgId org, UserId clinician) {
		return careTeams.clientsOf(org, clinician)
			.stream()
			.filter(client -> careTeams.relationship(org, clinician, client) == Relationship.CARE_TEAM)
			.sorted(Comparator.comparing(ClientId::toString))
			.toList();
	}

}
