package health.haven.records;

import health.haven.identity.Accounts;
import health.haven.identity.CareTeams;
import health.haven.identity.NewAccount;
import health.haven.identity.Role;
import health.haven.identity.SecondFactors;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A small clinic of its own for chart tests, so that the clients they write to do not change what the demo
 * organization's tests count: two care teams, a clinician on each, a facilitator on the first, billing, front desk, a
 * program director on no team, and a client with a portal account.
 */
final class ChartClinic {

	static final ActorRef SETUP = ActorRef.system("chart-tests");

	final TestServer server;

	final OrgId org;

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

	private final String slug;

	ChartClinic(TestServer server) {
		this.server = server;
		String slug = "chart-" + UUID.randomUUID().toString().substring(0, 8);
		this.slug = slug;
		Accounts accounts = server.bean(Accounts.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		this.org = accounts.createOrganization(SETUP, "Chart Test Clinic", slug);
		this.team = careTeams.createCareTeam(SETUP, org, Optional.empty(), "Team A");
		this.otherTeam = careTeams.createCareTeam(SETUP, org, Optional.empty(), "Team B");
		this.clinician = person(slug, "clinician", Role.CLINICIAN, team);
		this.otherClinician = person(slug, "clinician2", Role.CLINICIAN, otherTeam);
		this.facilitator = person(slug, "facilitator", Role.FACILITATOR, team);
		this.billing = person(slug, "billing", Role.BILLING, null);
		this.director = person(slug, "director", Role.PROGRAM_DIRECTOR, null);
		this.frontDesk = person(slug, "frontdesk", Role.FRONT_DESK, null);
		this.portalClient = newClient();
		UserId clientAccount = account(slug, "client", Role.CLIENT);
		careTeams.linkClientAccount(SETUP, org, portalClient, clientAccount);
		this.client = signIn(slug, "client", Role.CLIENT, clientAccount);
	}

	/** A new client of the first team. */
	ClientId newClient() {
		ClientId id = server.bean(Clients.class)
			.register(SETUP, org, new NewClient("Test Person " + UUID.randomUUID(), LocalDate.of(1990, 5, 5), "OR",
					null));
		server.bean(CareTeams.class).assignClient(SETUP, org, team, id);
		return id;
	}

	/** One more signed-in member of staff, on the care team given (or none). */
	Http staff(String name, Role role, UUID careTeam) {
		return person(slug, name, role, careTeam);
	}

	private Http person(String slug, String name, Role role, UUID careTeam) {
		UserId user = account(slug, name, role);
		if (careTeam != null) {
			server.bean(CareTeams.class).addMember(SETUP, org, careTeam, user);
		}
		return signIn(slug, name, role, user);
	}

	private final java.util.Map<UserId, String> secrets = new java.util.HashMap<>();

	private UserId account(String slug, String name, Role role) {
		UserId user = server.bean(Accounts.class)
			.open(SETUP, new NewAccount(org, email(slug, name), name, password(slug), Set.of(role)));
		secrets.put(user, server.bean(SecondFactors.class).provisionTotp(SETUP, org, user).secret());
		return user;
	}

	private Http signIn(String slug, String name, Role role, UserId user) {
		Http http = new Http(server);
		String location = Http.location(http.signIn(new DemoAccounts.Account(email(slug, name), password(slug),
				List.of(role.name()), name, secrets.get(user))));
		if (location.contains("error")) {
			throw new AssertionError("could not sign in " + name + ": " + location);
		}
		return http;
	}

	private static String email(String slug, String name) {
		return name + "@" + slug + ".test";
	}

	private static String password(String slug) {
		return "a long enough passphrase for " + slug;
	}

}
