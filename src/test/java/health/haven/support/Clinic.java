package health.haven.support;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.NewAccount;
import health.haven.identity.Role;
import health.haven.identity.SecondFactors;
import health.haven.records.Clients;
import health.haven.records.NewClient;
import health.haven.scheduling.Enrollments;
import health.haven.scheduling.NewEnrollment;
import health.haven.scheduling.ProgramDefinition;
import health.haven.scheduling.Programs;
import health.haven.scheduling.TrackDefinition;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An organization of its own for one group of tests, so that what they write changes nothing another test counts.
 * A fixture extends it and names its own programs, care teams, people and clients; the building blocks here go
 * through the real services, as an administrator setting up a clinic would.
 *
 * <p>
 * Every account gets a TOTP second factor, and its sign-in name is the person's name in lower case with dots for
 * spaces, at the clinic's slug ("nora.north@msg-1a2b3c4d.test"), so that a test can look for it in e-mail. Haven
 * accepts each time step of an account's second factor once, so signing the same person in again may wait for the
 * clock (see {@link TotpCodes}).
 */
public abstract class Clinic {

	/** Every test clinic's adult IOP: ASAM level 2.1, for adults, room for 100, the adults' default 9 hours a week. */
	private static final ProgramDefinition ADULT_IOP = new ProgramDefinition("ASAM_2_1", "ADULT", null, 100);

	/** How long an enrollment is expected to last, in weeks. */
	private static final int EXPECTED_WEEKS = 12;

	/** The organization's short name, a prefix and eight random characters, unique to this run. */
	public final String slug;

	public final OrgId org;

	protected final TestServer server;

	private final ActorRef setup;

	private final Map<UserId, String> names = new HashMap<>();

	private final Map<UserId, String> secrets = new HashMap<>();

	private final Map<UserId, ClientId> records = new HashMap<>();

	/** A new organization called {@code name}, whose slug starts with {@code slugPrefix}. */
	protected Clinic(TestServer server, ActorRef setup, String name, String slugPrefix) {
		this.server = server;
		this.setup = setup;
		this.slug = slugPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.org = server.bean(Accounts.class).createOrganization(setup, name, slug);
	}

	/** A full sign-in over HTTPS, password then second factor, as one of the clinic's people. */
	public Http signIn(Actor actor) {
		Http http = new Http(server);
		String location = Http.location(http.signIn(account(actor)));
		if (location.contains("error")) {
			throw new AssertionError("could not sign in " + displayName(actor) + ": " + location);
		}
		return http;
	}

	/** What a sign-in page needs to know about the person, their second factor included. */
	public DemoAccounts.Account account(Actor actor) {
		return new DemoAccounts.Account(email(actor.user()), password(),
				actor.roles().stream().map(Role::name).toList(), displayName(actor), totpSecret(actor.user()));
	}

	/** The account's sign-in name. */
	public String email(UserId user) {
		return email(names.get(user));
	}

	/** Every account of the clinic has the same password. */
	public String password() {
		return "a long enough passphrase for " + slug;
	}

	public String totpSecret(UserId user) {
		return secrets.get(user);
	}

	/** The name the person's account was opened with. */
	public String displayName(Actor actor) {
		return names.get(actor.user());
	}

	/** The record of a client with a portal account. */
	public ClientId clientOf(Actor client) {
		return records.get(client.user());
	}

	protected UUID program(String name) {
		return server.bean(CareTeams.class).createProgram(setup, org, name);
	}

	/** A care team that belongs to no program. */
	protected UUID careTeam(String name) {
		return server.bean(CareTeams.class).createCareTeam(setup, org, Optional.empty(), name);
	}

	protected UUID careTeam(String name, UUID program) {
		return server.bean(CareTeams.class).createCareTeam(setup, org, Optional.of(program), name);
	}

	/** A member of staff on no care team. */
	protected Actor person(String name, Role role) {
		return actor(account(name, role), role);
	}

	/** A member of staff on the care team. */
	protected Actor person(String name, Role role, UUID careTeam) {
		Actor person = person(name, role);
		server.bean(CareTeams.class).addMember(setup, org, careTeam, person.user());
		return person;
	}

	/** The program's director, on no care team. */
	protected Actor programDirector(String name, UUID program) {
		Actor director = person(name, Role.PROGRAM_DIRECTOR);
		server.bean(CareTeams.class).addDirector(setup, org, program, director.user());
		return director;
	}

	/** The director sets the program up as an adult intensive outpatient program (ASAM 2.1). */
	protected void defineAdultIop(Actor director, UUID program) {
		server.bean(Programs.class).define(director, program, ADULT_IOP);
	}

	/** A track of the program meeting 18:00-21:00 on {@code days} ("MON,WED,THU"), in the scheduling zone. */
	protected UUID eveningTrack(Actor director, UUID program, String name, String days, int capacity) {
		return server.bean(Programs.class)
			.addTrack(director, program, new TrackDefinition(name, days, "18:00", "21:00", capacity));
	}

	/** A client's record, assigned to the care team. */
	protected ClientId register(String recordName, LocalDate birthDate, String state, UUID careTeam) {
		ClientId client = server.bean(Clients.class)
			.register(setup, org, new NewClient(recordName, birthDate, state, null));
		server.bean(CareTeams.class).assignClient(setup, org, careTeam, client);
		return client;
	}

	/** A portal account of the client's own, opened in {@code name} and linked to their record. */
	protected Actor portalAccount(ClientId client, String name) {
		UserId account = account(name, Role.CLIENT);
		server.bean(CareTeams.class).linkClientAccount(setup, org, client, account);
		records.put(account, client);
		return actor(account, Role.CLIENT);
	}

	/** The client enrolled in the track from {@code admittedOn}, by a member of staff. */
	protected void enroll(Actor staff, ClientId client, UUID track, LocalDate admittedOn) {
		server.bean(Enrollments.class)
			.enroll(staff, client, new NewEnrollment(track, admittedOn, EXPECTED_WEEKS, null));
	}

	private UserId account(String name, Role role) {
		UserId user = server.bean(Accounts.class)
			.open(setup, new NewAccount(org, email(name), name, password(), Set.of(role)));
		names.put(user, name);
		secrets.put(user, server.bean(SecondFactors.class).provisionTotp(setup, org, user).secret());
		return user;
	}

	private String email(String name) {
		return name.toLowerCase(Locale.ROOT).replace(' ', '.') + "@" + slug + ".test";
	}

	private Actor actor(UserId user, Role role) {
		return new Actor(org, user, Set.of(role), null, "127.0.0.1");
	}

}
