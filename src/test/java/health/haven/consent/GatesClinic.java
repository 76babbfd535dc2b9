package health.haven.consent;

import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.UserId;
import health.haven.support.Clinic;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A small clinic of its own for the join-gate tests (after records' ChartClinic): one care team with a clinician and
 * a facilitator, a clinician on another team, an admin, a program director, the front desk, and portal clients.
 * People are named by their part ("clinician", "frontdesk"), and the tests find them by that name.
 */
final class GatesClinic extends Clinic {

	static final ActorRef SETUP = ActorRef.system("join-gates-tests");

	final UUID team;

	final UUID otherTeam;

	private final Map<String, Actor> people = new HashMap<>();

	GatesClinic(TestServer server) {
		super(server, SETUP, "Gates Test Clinic", "gates");
		this.team = careTeam("Team A");
		this.otherTeam = careTeam("Team B");
		named(person("clinician", Role.CLINICIAN, team));
		named(person("facilitator", Role.FACILITATOR, team));
		named(person("clinician2", Role.CLINICIAN, otherTeam));
		named(person("admin", Role.ORG_ADMIN));
		named(person("director", Role.PROGRAM_DIRECTOR));
		named(person("frontdesk", Role.FRONT_DESK));
	}

	/** A new client of the first team with a portal account of their own, named {@code name}. */
	ClientId portalClient(String name) {
		ClientId client = register("Gate Person " + UUID.randomUUID(), LocalDate.of(1991, 3, 3), "OR", team);
		named(portalAccount(client, name));
		return client;
	}

	UserId user(String name) {
		return people.get(name).user();
	}

	/** The person as module APIs see them. */
	Actor actor(String name) {
		return people.get(name);
	}

	/** The person signed in through the web, with their second factor. */
	Http signIn(String name) {
		return signIn(people.get(name));
	}

	private void named(Actor person) {
		people.put(displayName(person), person);
	}

}
