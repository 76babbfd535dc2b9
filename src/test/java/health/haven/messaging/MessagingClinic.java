package health.haven.messaging;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A clinic of its own for the messaging tests: a program with two care teams. The north team has two clinicians and a
 * facilitator; the south team one clinician. Clients are registered on a team with a portal account of their own;
 * billing and an administrator have accounts too. Every name carries the clinic's slug, so that a test can look for
 * it in e-mail.
 */
final class MessagingClinic {

	static final ActorRef SETUP = ActorRef.system("messaging-tests");

	final TestServer server;

	final String slug = "msg-" + UUID.randomUUID().toString().substring(0, 8);

	final OrgId org;

	final UUID north;

	final UUID south;

	final Actor northClinician;

	final Actor northColleague;

	final Actor northFacilitator;

	final Actor southClinician;

	final Actor billing;

	final Actor admin;

	private final Map<UserId, String> names = new HashMap<>();

	private final Map<UserId, String> secrets = new HashMap<>();

	private final Map<UserId, ClientId> records = new HashMap<>();

	MessagingClinic(TestServer server) {
		this.server = server;
		Accounts accounts = server.bean(Accounts.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		org = accounts.createOrganization(SETUP, "Messaging Test Clinic", slug);
		UUID program = careTeams.createProgram(SETUP, org, "Adult IOP");
		north = careTeams.createCareTeam(SETUP, org, Optional.of(program), "North team");
		south = careTeams.createCareTeam(SETUP, org, Optional.of(program), "South team");
		northClinician = staff("Nora Northclinician", Role.CLINICIAN, north);
		northColleague = staff("Nico Northcolleague", Role.CLINICIAN, north);
		northFacilitator = staff("Fay Northfacilitator", Role.FACILITATOR, north);
		southClinician = staff("Sol Southclinician", Role.CLINICIAN, south);
		billing = staff("Bea Billing", Role.BILLING, null);
		admin = staff("Ada Admin", Role.ORG_ADMIN, null);
	}

	/** A client of a team with a portal account; the record's name is "{name} {slug}". */
	Actor client(String name, UUID team) {
		ClientId id = server.bean(Clients.class)
			.register(SETUP, org, new NewClient(name + " " + slug, LocalDate.of(1990, 5, 5), "TX", null));
		server.bean(CareTeams.class).assignClient(SETUP, org, team, id);
		UserId account = account(name, Role.CLIENT);
		server.bean(CareTeams.class).linkClientAccount(SETUP, org, id, account);
		records.put(account, id);
		return new Actor(org, account, Set.of(Role.CLIENT), null, "127.0.0.1");
	}

	ClientId recordOf(Actor client) {
		return records.get(client.user());
	}

	String recordName(String name) {
		return name + " " + slug;
	}

	String email(UserId user) {
		return names.get(user).toLowerCase(Locale.ROOT).replace(' ', '.') + "@" + slug + ".test";
	}

	/** A full sign-in over HTTPS. */
	Http signIn(Actor actor) {
		Http http = new Http(server);
		String location = Http.location(http.signIn(new DemoAccounts.Account(email(actor.user()), password(),
				actor.roles().stream().map(Role::name).toList(), "", secrets.get(actor.user()))));
		if (location.contains("error")) {
			throw new AssertionError("could not sign in: " + location);
		}
		return http;
	}

	String password() {
		return "a long enough passphrase for " + slug;
	}

	String totpSecret(UserId user) {
		return secrets.get(user);
	}

	private Actor staff(String name, Role role, UUID team) {
		UserId user = account(name, role);
		if (team != null) {
			server.bean(CareTeams.class).addMember(SETUP, org, team, user);
		}
		return new Actor(org, user, Set.of(role), null, "127.0.0.1");
	}

	private UserId account(String name, Role role) {
		UserId user = server.bean(Accounts.class).open(SETUP, new NewAccount(org,
				name.toLowerCase(Locale.ROOT).replace(' ', '.') + "@" + slug + ".test", name, password(), Set.of(role)));
		names.put(user, name);
		secrets.put(user, server.bean(SecondFactors.class).provisionTotp(SETUP, org, user).secret());
		return user;
	}

}
