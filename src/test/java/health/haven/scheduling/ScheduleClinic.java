package health.haven.scheduling;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.NewAccount;
import health.haven.identity.Role;
import health.haven.identity.SecondFactors;
import health.haven.records.Clients;
import health.haven.records.NewClient;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A clinic of its own for the schedule tests (so the demo's counts stay as they are): an adult IOP with its director
 * and an evening team (a facilitator and a clinician), a second program with its own team (a clinician and a
 * facilitator), and clients of the evening team, the first with a portal account.
 */
final class ScheduleClinic {

	static final ActorRef SETUP = ActorRef.system("schedule-tests");

	final TestServer server;

	final String slug = "sched-" + UUID.randomUUID().toString().substring(0, 8);

	final OrgId org;

	final UUID program;

	final UUID team;

	final UUID otherTeam;

	final Actor director;

	final Actor facilitator;

	final Actor clinician;

	final Actor otherClinician;

	final Actor otherFacilitator;

	final ClientId portalClient;

	final Actor client;

	final String portalClientName = "Ramona Quillfeather " + UUID.randomUUID().toString().substring(0, 4);

	private final Map<UserId, String> secrets = new HashMap<>();

	private final Map<UserId, String> names = new HashMap<>();

	ScheduleClinic(TestServer server) {
		this.server = server;
		Accounts accounts = server.bean(Accounts.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		org = accounts.createOrganization(SETUP, "Schedule Test Clinic", slug);
		program = careTeams.createProgram(SETUP, org, "Adult IOP");
		UUID otherProgram = careTeams.createProgram(SETUP, org, "Adolescent IOP");
		team = careTeams.createCareTeam(SETUP, org, Optional.of(program), "Evening team");
		otherTeam = careTeams.createCareTeam(SETUP, org, Optional.of(otherProgram), "Teen team");
		director = person("director", Role.PROGRAM_DIRECTOR, null);
		careTeams.addDirector(SETUP, org, program, director.user());
		facilitator = person("facilitator", Role.FACILITATOR, team);
		clinician = person("clinician", Role.CLINICIAN, team);
		otherClinician = person("clinician2", Role.CLINICIAN, otherTeam);
		otherFacilitator = person("facilitator2", Role.FACILITATOR, otherTeam);
		portalClient = newClient(portalClientName);
		UserId account = account("client", Role.CLIENT);
		careTeams.linkClientAccount(SETUP, org, portalClient, account);
		client = new Actor(org, account, Set.of(Role.CLIENT), null, "127.0.0.1");
		server.bean(Programs.class).define(director, program, new ProgramDefinition("ASAM_2_1", "ADULT", null, 100));
	}

	/** A new client of the evening team, with a name that must never appear where it should not. */
	ClientId newClient(String name) {
		ClientId id = server.bean(Clients.class)
			.register(SETUP, org, new NewClient(name, LocalDate.of(1990, 5, 5), "OR", null));
		server.bean(CareTeams.class).assignClient(SETUP, org, team, id);
		return id;
	}

	ClientId newClient() {
		return newClient("Test Person " + UUID.randomUUID());
	}

	/** A new track of the adult program meeting Mon/Wed/Thu 18:00-21:00 (in America/New_York). */
	UUID track(String name, int capacity) {
		return server.bean(Programs.class)
			.addTrack(director, program, new TrackDefinition(name, "MON,WED,THU", "18:00", "21:00", capacity));
	}

	/** A full sign-in over HTTPS as one of the clinic's people. */
	Http signIn(Actor actor) {
		Http http = new Http(server);
		String location = Http.location(http.signIn(new DemoAccounts.Account(email(actor.user()), password(),
				actor.roles().stream().map(Role::name).toList(), "", secrets.get(actor.user()))));
		if (location.contains("error")) {
			throw new AssertionError("could not sign in: " + location);
		}
		return http;
	}

	String email(UserId user) {
		return names.get(user) + "@" + slug + ".test";
	}

	private Actor person(String name, Role role, UUID careTeam) {
		UserId user = account(name, role);
		if (careTeam != null) {
			server.bean(CareTeams.class).addMember(SETUP, org, careTeam, user);
		}
		return new Actor(org, user, Set.of(role), null, "127.0.0.1");
	}

	private UserId account(String name, Role role) {
		UserId user = server.bean(Accounts.class)
			.open(SETUP, new NewAccount(org, name + "@" + slug + ".test", name, password(), Set.of(role)));
		names.put(user, name);
		secrets.put(user, server.bean(SecondFactors.class).provisionTotp(SETUP, org, user).secret());
		return user;
	}

	private String password() {
		return "a long enough passphrase for " + slug;
	}

	List<String> emails() {
		return names.keySet().stream().map(this::email).toList();
	}

}
