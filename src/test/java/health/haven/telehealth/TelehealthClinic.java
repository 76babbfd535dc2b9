package health.haven.telehealth;

import health.haven.consent.ClientConsents;
import health.haven.consent.ConsentKind;
import health.haven.consent.ConsentTexts;
import health.haven.consent.LocationAttestations;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.LicenseType;
import health.haven.identity.NewAccount;
import health.haven.identity.NewLicense;
import health.haven.identity.Role;
import health.haven.identity.SecondFactors;
import health.haven.identity.StaffLicenses;
import health.haven.records.Clients;
import health.haven.records.NewClient;
import health.haven.scheduling.NewGroupSeries;
import health.haven.scheduling.ProgramDefinition;
import health.haven.scheduling.Programs;
import health.haven.scheduling.SessionPlanner;
import health.haven.scheduling.TrackDefinition;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A clinic of its own for the group-room tests: an adult IOP with a director, an administrator, an evening team
 * (a facilitator licensed in Texas and a co-facilitating clinician), a track meeting today around now, and clients
 * with portal accounts. {@link #groupNow} schedules today's group (it has started, so its room is open) with the
 * clients given on its roster; {@link #ready} signs a client's consents and records where they are.
 */
final class TelehealthClinic {

	static final ActorRef SETUP = ActorRef.system("telehealth-tests");

	static final ZoneId ZONE = ZoneId.of("America/New_York");

	final TestServer server;

	final String slug = "tele-" + UUID.randomUUID().toString().substring(0, 8);

	final OrgId org;

	final UUID program;

	final UUID team;

	final UUID track;

	final Actor director;

	final Actor admin;

	final Actor facilitator;

	final Actor coFacilitator;

	private final Map<UserId, String> secrets = new HashMap<>();

	private final Map<UserId, String> names = new HashMap<>();

	private final Map<UserId, ClientId> clientsByAccount = new HashMap<>();

	TelehealthClinic(TestServer server) {
		this.server = server;
		Accounts accounts = server.bean(Accounts.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		org = accounts.createOrganization(SETUP, "Telehealth Test Clinic", slug);
		program = careTeams.createProgram(SETUP, org, "Adult IOP");
		team = careTeams.createCareTeam(SETUP, org, Optional.of(program), "Evening team");
		director = person("Dana Director", Role.PROGRAM_DIRECTOR, null);
		careTeams.addDirector(SETUP, org, program, director.user());
		admin = person("Adrian Admin", Role.ORG_ADMIN, null);
		facilitator = person("Frances Facilitator", Role.FACILITATOR, team);
		coFacilitator = person("Cory Clinician", Role.CLINICIAN, team);
		server.bean(StaffLicenses.class).add(admin, facilitator.user(),
				new NewLicense("TX", LicenseType.LADC, "TX-" + slug, LocalDate.now().plusYears(1)));
		server.bean(Programs.class).define(director, program, new ProgramDefinition("ASAM_2_1", "ADULT", null, 100));
		ZonedDateTime now = ZonedDateTime.now(ZONE);
		track = server.bean(Programs.class).addTrack(director, program, new TrackDefinition("Evening group",
				day(now.getDayOfWeek()), "18:00", "21:00", 12));
	}

	/**
	 * Today's group of the track with these clients on its roster, started a few minutes ago (so its room is open)
	 * and lasting an hour, or up to midnight.
	 */
	UUID groupNow(ClientId... roster) {
		return group(0, roster);
	}

	/** A group of the track today starting {@code hoursFromNow} hours from now (its room not open yet). */
	UUID group(int hoursFromNow, ClientId... roster) {
		ZonedDateTime now = ZonedDateTime.now(ZONE);
		LocalTime start = now.toLocalTime().minusMinutes(hoursFromNow == 0 ? 5 : 0).plusHours(hoursFromNow)
			.withSecond(0).withNano(0);
		if (hoursFromNow == 0 && now.toLocalTime().isBefore(LocalTime.of(0, 6))) {
			start = LocalTime.MIDNIGHT;
		}
		LocalTime end = start.plusMinutes(60).isBefore(start) || start.plusMinutes(60).equals(LocalTime.MIDNIGHT)
				? LocalTime.of(23, 59) : start.plusMinutes(60);
		UUID session = server.bean(SessionPlanner.class)
			.scheduleGroup(director, program, track, new NewGroupSeries(now.toLocalDate(), now.toLocalDate(),
					facilitator.user(), coFacilitator.user(), day(now.getDayOfWeek()), start.toString(), end.toString(),
					12))
			.sessions()
			.get(0);
		for (ClientId client : roster) {
			server.bean(SessionPlanner.class).addToRoster(director, session, client);
		}
		return session;
	}

	/** A client of the evening team with a portal account of their own (display name "First Last"). */
	Actor client(String name, String state) {
		ClientId id = server.bean(Clients.class)
			.register(SETUP, org, new NewClient(name + " " + slug, LocalDate.of(1990, 5, 5), state, null));
		server.bean(CareTeams.class).assignClient(SETUP, org, team, id);
		UserId account = account(name, Role.CLIENT);
		server.bean(CareTeams.class).linkClientAccount(SETUP, org, id, account);
		clientsByAccount.put(account, id);
		return new Actor(org, account, Set.of(Role.CLIENT), null, "127.0.0.1");
	}

	ClientId clientOf(Actor client) {
		return clientsByAccount.get(client.user());
	}

	/** The client signs the current telehealth consent (and, for groups, the group agreement). */
	void consents(Actor client, boolean groupAgreement) {
		ClientConsents consents = server.bean(ClientConsents.class);
		ConsentTexts texts = server.bean(ConsentTexts.class);
		consents.sign(client, clientOf(client), ConsentKind.TELEHEALTH, texts.current(ConsentKind.TELEHEALTH).version(),
				names.get(client.user()), true);
		if (groupAgreement) {
			consents.sign(client, clientOf(client), ConsentKind.GROUP_AGREEMENT,
					texts.current(ConsentKind.GROUP_AGREEMENT).version(), names.get(client.user()), true);
		}
	}

	/** The client confirms, for this session, where they are and that the space is private. */
	void location(Actor client, UUID session, String state) {
		server.bean(LocationAttestations.class).record(client, clientOf(client), session, state,
				"12 Example Street, Springfield", true);
	}

	/** Consents signed and the location (in Texas) confirmed for the session. */
	void ready(Actor client, UUID session) {
		consents(client, true);
		location(client, session, "TX");
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

	/** The account's sign-in name. */
	String email(UserId user) {
		return names.get(user).toLowerCase(Locale.ROOT).replace(' ', '.') + "@" + slug + ".test";
	}

	String password() {
		return "a long enough passphrase for " + slug;
	}

	String totpSecret(UserId user) {
		return secrets.get(user);
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

	private static String day(DayOfWeek day) {
		return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
	}

}
