package health.haven.consent;

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
 * A small clinic of its own for the join-gate tests (after records' ChartClinic): one care team with a clinician and
 * a facilitator, a clinician on another team, an admin, a program director, the front desk, and portal clients.
 */
final class GatesClinic {

	static final ActorRef SETUP = ActorRef.system("join-gates-tests");

	final TestServer server;

	final OrgId org;

	final UUID team;

	final UUID otherTeam;

	private final String slug;

	private final Map<String, UserId> users = new HashMap<>();

	private final Map<UserId, String> secrets = new HashMap<>();

	private final Map<UserId, Role> roles = new HashMap<>();

	GatesClinic(TestServer server) {
		this.server = server;
		this.slug = "gates-" + UUID.randomUUID().toString().substring(0, 8);
		this.org = server.bean(Accounts.class).createOrganization(SETUP, "Gates Test Clinic", slug);
		CareTeams careTeams = server.bean(CareTeams.class);
		this.team = careTeams.createCareTeam(SETUP, org, Optional.empty(), "Team A");
		this.otherTeam = careTeams.createCareTeam(SETUP, org, Optional.empty(), "Team B");
		staff("clinician", Role.CLINICIAN, team);
		staff("facilitator", Role.FACILITATOR, team);
		staff("clinician2", Role.CLINICIAN, otherTeam);
		staff("admin", Role.ORG_ADMIN, null);
		staff("director", Role.PROGRAM_DIRECTOR, null);
		staff("frontdesk", Role.FRONT_DESK, null);
	}

	/** A new client of the first team with a portal account of their own, named {@code name}. */
	ClientId portalClient(String name) {
		ClientId client = server.bean(Clients.class)
			.register(SETUP, org, new NewClient("Gate Person " + UUID.randomUUID(), LocalDate.of(1991, 3, 3), "OR",
					null));
		CareTeams careTeams = server.bean(CareTeams.class);
		careTeams.assignClient(SETUP, org, team, client);
		UserId account = account(name, Role.CLIENT);
		careTeams.linkClientAccount(SETUP, org, client, account);
		return client;
	}

	UserId user(String name) {
		return users.get(name);
	}

	/** The person as module APIs see them. */
	Actor actor(String name) {
		UserId user = users.get(name);
		return new Actor(org, user, Set.of(roles.get(user)), null, "127.0.0.1");
	}

	/** The person signed in through the web, with their second factor. */
	Http signIn(String name) {
		UserId user = users.get(name);
		Http http = new Http(server);
		String location = Http.location(http.signIn(new DemoAccounts.Account(email(name), password(),
				List.of(roles.get(user).name()), name, secrets.get(user))));
		if (location.contains("error")) {
			throw new AssertionError("could not sign in " + name + ": " + location);
		}
		return http;
	}

	private void staff(String name, Role role, UUID careTeam) {
		UserId user = account(name, role);
		if (careTeam != null) {
			server.bean(CareTeams.class).addMember(SETUP, org, careTeam, user);
		}
	}

	private UserId account(String name, Role role) {
		UserId user = server.bean(Accounts.class)
			.open(SETUP, new NewAccount(org, email(name), name, password(), Set.of(role)));
		secrets.put(user, server.bean(SecondFactors.class).provisionTotp(SETUP, org, user).secret());
		users.put(name, user);
		roles.put(user, role);
		return user;
	}

	private String email(String name) {
		return name + "@" + slug + ".test";
	}

	private String password() {
		return "a long enough passphrase for " + slug;
	}

}
