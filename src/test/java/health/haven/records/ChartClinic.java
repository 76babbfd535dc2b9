package health.haven.records;

import health.haven.identity.Role;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.support.Clinic;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A small clinic of its own for chart tests, so that the clients they write to do not change what the demo
 * organization's tests count: two care teams, a clinician on each, a facilitator on the first, billing, front desk, a
 * program director on no team, and a client with a portal account. Everyone is signed in over HTTPS once, up front.
 */
final class ChartClinic extends Clinic {

	static final ActorRef SETUP = ActorRef.system("chart-tests");

	final UUID team;

	final UUID otherTeam;

	final Http clinician;

	final Http otherClinician;

	final Http facilitator;

	final Http billing;

	/** A program director of the clinic, on no care team: publishes intake templates. */
	final Http director;

	final Http frontDesk;

	final ClientId portalClient;

	final Http client;

	ChartClinic(TestServer server) {
		super(server, SETUP, "Chart Test Clinic", "chart");
		this.team = careTeam("Team A");
		this.otherTeam = careTeam("Team B");
		this.clinician = signIn(person("clinician", Role.CLINICIAN, team));
		this.otherClinician = signIn(person("clinician2", Role.CLINICIAN, otherTeam));
		this.facilitator = signIn(person("facilitator", Role.FACILITATOR, team));
		this.billing = signIn(person("billing", Role.BILLING));
		this.director = signIn(person("director", Role.PROGRAM_DIRECTOR));
		this.frontDesk = signIn(person("frontdesk", Role.FRONT_DESK));
		this.portalClient = newClient();
		this.client = signIn(portalAccount(portalClient, "client"));
	}

	/** A new client of the first team. */
	ClientId newClient() {
		return register("Test Person " + UUID.randomUUID(), LocalDate.of(1990, 5, 5), "OR", team);
	}

	/** One more signed-in member of staff, on no care team. */
	Http staff(String name, Role role) {
		return signIn(person(name, role));
	}

}
