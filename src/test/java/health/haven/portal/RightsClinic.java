package health.haven.portal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.NewAccount;
import health.haven.identity.Role;
import health.haven.identity.SecondFactors;
import health.haven.records.Clients;
import health.haven.records.NewClient;
import health.haven.records.NewProgressNote;
import health.haven.records.ProgressNotes;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A clinic of its own for the client-rights tests, so that settings and requests changed here touch no other test:
 * one care team with a clinician, a clinician on another team (for emergency access), a privacy officer, and clients
 * with portal accounts. People sign in over HTTPS once each (a TOTP step works once), and the sessions are kept.
 */
final class RightsClinic {

	static final ActorRef SETUP = ActorRef.system("rights-tests");

	final TestServer server;

	final String slug = "rights-" + UUID.randomUUID().toString().substring(0, 8);

	final OrgId org;

	final UUID team;

	final UUID otherTeam;

	final Actor clinician;

	final Actor otherClinician;

	final Actor privacyOfficer;

	private final Map<UserId, String> names = new HashMap<>();

	private final Map<UserId, String> secrets = new HashMap<>();

	private final Map<UserId, ClientId> clients = new HashMap<>();

	private final Map<UserId, Http> sessions = new HashMap<>();

	RightsClinic(TestServer server) {
		this.server = server;
		Accounts accounts = server.bean(Accounts.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		org = accounts.createOrganization(SETUP, "Rights Test Clinic", slug);
		UUID program = careTeams.createProgram(SETUP, org, "Adult IOP");
		team = careTeams.createCareTeam(SETUP, org, Optional.of(program), "Evening team");
		otherTeam = careTeams.createCareTeam(SETUP, org, Optional.of(program), "Day team");
		clinician = person("Casey Careful", Role.CLINICIAN, team);
		otherClinician = person("Elliot Elsewhere", Role.CLINICIAN, otherTeam);
		privacyOfficer = person("Pat Privacy", Role.COMPLIANCE_OFFICER, null);
	}

	/** A client of the team with a portal account; their record's name is "{name} {slug}". */
	Actor client(String name) {
		ClientId id = server.bean(Clients.class)
			.register(SETUP, org, new NewClient(name + " " + slug, LocalDate.of(1990, 5, 5), "TX", null));
		server.bean(CareTeams.class).assignClient(SETUP, org, team, id);
		UserId account = account(name, Role.CLIENT);
		server.bean(CareTeams.class).linkClientAccount(SETUP, org, id, account);
		clients.put(account, id);
		return new Actor(org, account, Set.of(Role.CLIENT), null, "127.0.0.1");
	}

	ClientId clientOf(Actor client) {
		return clients.get(client.user());
	}

	String recordName(Actor client) {
		return names.get(client.user()) + " " + slug;
	}

	String displayName(Actor actor) {
		return names.get(actor.user());
	}

	/** A signed note by the team's clinician, with this text in its data section. */
	UUID signedNote(Actor client, String text) {
		ProgressNotes notes = server.bean(ProgressNotes.class);
		UUID note = notes.create(clinician, clientOf(client), new NewProgressNote("DAP", "PROGRESS", "GENERAL",
				LocalDate.now(ZoneOffset.UTC).toString(), false,
				Map.of("data", text, "assessment", "Engaged.", "plan", "Continue.")));
		notes.sign(clinician, clientOf(client), note.toString(), 1);
		return note;
	}

	/** A psychotherapy note by the team's clinician (their own process notes, never part of the record). */
	UUID psychotherapyNote(Actor client, String text) {
		ProgressNotes notes = server.bean(ProgressNotes.class);
		UUID note = notes.create(clinician, clientOf(client), new NewProgressNote("DAP", "PSYCHOTHERAPY", null,
				LocalDate.now(ZoneOffset.UTC).toString(), false,
				Map.of("data", text, "assessment", "Process notes.", "plan", "Explore further.")));
		notes.sign(clinician, clientOf(client), note.toString(), 1);
		return note;
	}

	/** A full sign-in over HTTPS, once per person; later calls return the same session. */
	Http http(Actor actor) {
		return sessions.computeIfAbsent(actor.user(), user -> {
			Http http = new Http(server);
			String location = Http.location(http.signIn(account(actor)));
			if (location.contains("error")) {
				throw new AssertionError("could not sign in: " + location);
			}
			return http;
		});
	}

	DemoAccounts.Account account(Actor actor) {
		return new DemoAccounts.Account(email(actor.user()), password(),
				actor.roles().stream().map(Role::name).toList(), "", secrets.get(actor.user()));
	}

	String email(UserId user) {
		return names.get(user).toLowerCase(Locale.ROOT).replace(' ', '.') + "@" + slug + ".test";
	}

	String password() {
		return "a long enough passphrase for " + slug;
	}

	private Actor person(String name, Role role, UUID careTeam) {
		UserId user = account(name, role);
		if (careTeam != null) {
			server.bean(CareTeams.class).addMember(SETUP, org, careTeam, user);
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
