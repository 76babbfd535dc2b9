package health.haven.bench;

import health.haven.consent.ClientConsents;
import health.haven.consent.ConsentKind;
import health.haven.consent.ConsentTexts;
import health.haven.consent.LocationAttestations;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.crypto.OneTimeCodes;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.LicenseType;
import health.haven.identity.NewAccount;
import health.haven.identity.NewLicense;
import health.haven.identity.Role;
import health.haven.identity.StaffLicenses;
import health.haven.records.Clients;
import health.haven.scheduling.NewGroupSeries;
import health.haven.scheduling.ProgramDefinition;
import health.haven.scheduling.Programs;
import health.haven.scheduling.SessionPlanner;
import health.haven.scheduling.TrackDefinition;
import health.haven.records.NewClient;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.TestServer;
import health.haven.telehealth.TelehealthRooms;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;

/**
 * Who sits in the signaling benchmark's rooms and how a room comes to exist, join gates included: the one place that
 * knows. {@link SignalingBench} and {@link SignalingPeer} know nothing of care teams, sessions or gates; they take a
 * {@link Group} (people and credentials) and a room id from here, and the {@code join} message from {@link #join}.
 *
 * <ul>
 * <li>Rooms of 2: an individual room opened ad hoc, {@link TelehealthRooms#open(Actor, ClientId)}: a clinician and
 * one client on a care team of their own.</li>
 * <li>Rooms of 3 to {@link #MAX_ROOM_SIZE}: a group room, {@link TelehealthRooms#forSession}: today's group session of
 * a track of the bench's own program (started five minutes ago, so its room is open), a facilitator as its lead
 * (HOST) and the clients on its roster (GUESTs), all on one care team of the program.</li>
 * </ul>
 * Join gates, met as the clients would meet them: the host licensed in the clients' state; the current telehealth
 * consent (and for a group the group agreement) signed by each client; and, for each round, each client's location
 * confirmed for the room's session (the room page's form; an ad hoc room is its own session).
 */
final class SignalingRooms {

	/** The largest room: a facilitator and fifteen clients. */
	static final int MAX_ROOM_SIZE = 16;

	private static final ActorRef SETUP = ActorRef.system("signaling-bench");

	private static final String PASSWORD = "a long enough passphrase for the signaling benchmark";

	/** Where every guest is, and where every host is licensed. */
	private static final String STATE = "TX";

	/** The zone of the bench's program (scheduling's default). */
	private static final ZoneId ZONE = ZoneId.of("America/New_York");

	/** A person of the benchmark, as the load client signs them in. */
	record Person(String email, String password, String totpSecret, UserId user, String name) {
	}

	/**
	 * One room's people: its host, its guests and the clients they are (in the same order), and for a group the
	 * scheduled session whose room it is.
	 */
	record Group(int index, Person host, List<Person> guests, List<ClientId> clients, UUID session) {
	}

	private final TestServer server;

	private final OrgId org;

	private UUID program;

	private UUID track;

	SignalingRooms(TestServer server, OrgId org) {
		this.server = server;
		this.org = org;
	}

	/** Refuses, before anything is started, a room size the server cannot seat yet. */
	static void requireSupported(int roomSize) {
		if (roomSize < 2 || roomSize > MAX_ROOM_SIZE) {
			throw new IllegalArgumentException("a room holds a host and 1 to " + (MAX_ROOM_SIZE - 1) + " guests, not "
					+ (roomSize - 1));
		}
	}

	/**
	 * Seeds group {@code index}: the host (password and TOTP) on a care team of their own with {@code roomSize - 1}
	 * clients, each registered, assigned to the team and given a portal account (password and TOTP) linked to their
	 * record; the gates that do not change per join; and for a group, today's session with the clients on its roster.
	 */
	Group seed(int index, int roomSize) {
		boolean group = roomSize > 2;
		Accounts accounts = server.bean(Accounts.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		Clients clients = server.bean(Clients.class);
		Person host = person(accounts, "sig-host-" + index, "Signaling Host " + index,
				group ? Role.FACILITATOR : Role.CLINICIAN);
		UUID team = careTeams.createCareTeam(SETUP, org, group ? Optional.of(program()) : Optional.empty(),
				"Signaling bench team " + index);
		careTeams.addMember(SETUP, org, team, host.user());
		server.bean(StaffLicenses.class).add(admin(), host.user(),
				new NewLicense(STATE, LicenseType.LPC, "SIG-" + index, LocalDate.now().plusYears(1)));
		List<Person> guests = new ArrayList<>();
		List<ClientId> records = new ArrayList<>();
		for (int g = 1; g < roomSize; g++) {
			String name = "Signaling Guest " + index + "-" + g;
			ClientId client = clients.register(SETUP, org,
					new NewClient(name, LocalDate.of(1960, 1, 1).plusDays(index * 16L + g), STATE, null));
			careTeams.assignClient(SETUP, org, team, client);
			Person guest = person(accounts, "sig-guest-" + index + "-" + g, name, Role.CLIENT);
			careTeams.linkClientAccount(SETUP, org, client, guest.user());
			sign(guest, client, ConsentKind.TELEHEALTH);
			if (group) {
				sign(guest, client, ConsentKind.GROUP_AGREEMENT);
			}
			guests.add(guest);
			records.add(client);
		}
		UUID session = group ? groupNow(host, records) : null;
		return new Group(index, host, guests, records, session);
	}

	/**
	 * Opens the group's room (or, for a group session, finds the one already open), as its host does, and has each
	 * guest confirm their location for it; returns the room's id. Called once per round.
	 */
	UUID open(Group group) {
		Actor host = new Actor(org, group.host().user(),
				Set.of(group.session() == null ? Role.CLINICIAN : Role.FACILITATOR), null, "127.0.0.1");
		TelehealthRooms rooms = server.bean(TelehealthRooms.class);
		UUID room = group.session() == null ? rooms.open(host, group.clients().get(0))
				: rooms.forSession(host, group.session());
		UUID gateSession = group.session() == null ? room : group.session();
		for (int g = 0; g < group.guests().size(); g++) {
			server.bean(LocationAttestations.class).record(self(group.guests().get(g)), group.clients().get(g),
					gateSession, STATE, "12 Example Street, Springfield", true);
		}
		return room;
	}

	/** The {@code join} message a participant sends first (group rooms: with the location attestation). */
	String join(Person who) {
		return "{\"type\":\"join\"}";
	}

	/** The bench's program (made once): the demo director directs it; one track, meeting every day. */
	private synchronized UUID program() {
		if (program == null) {
			Actor director = director();
			program = server.bean(CareTeams.class).createProgram(SETUP, org, "Signaling bench IOP");
			server.bean(CareTeams.class).addDirector(SETUP, org, program, director.user());
			server.bean(Programs.class).define(director, program, new ProgramDefinition("ASAM_2_1", "ADULT", null, 500));
			track = server.bean(Programs.class).addTrack(director, program, new TrackDefinition("Signaling bench group",
					"MON,TUE,WED,THU,FRI,SAT,SUN", "18:00", "21:00", MAX_ROOM_SIZE - 1));
		}
		return program;
	}

	/** Today's group of the bench's track, led by the host, started five minutes ago, these clients on its roster. */
	private UUID groupNow(Person host, List<ClientId> roster) {
		ZonedDateTime now = ZonedDateTime.now(ZONE);
		LocalTime start = now.toLocalTime().isBefore(LocalTime.of(0, 6)) ? LocalTime.MIDNIGHT
				: now.toLocalTime().minusMinutes(5).withSecond(0).withNano(0);
		LocalTime end = start.isAfter(LocalTime.of(22, 58)) ? LocalTime.of(23, 59) : start.plusMinutes(60);
		SessionPlanner planner = server.bean(SessionPlanner.class);
		Actor director = director();
		UUID session = planner.scheduleGroup(director, program(), track,
				new NewGroupSeries(now.toLocalDate(), now.toLocalDate(), host.user(), null,
						now.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT),
						start.toString(), end.toString(), roster.size()))
			.sessions()
			.get(0);
		for (ClientId client : roster) {
			planner.addToRoster(director, session, client);
		}
		return session;
	}

	/** The client signs the current text of a consent, typing their name. */
	private void sign(Person guest, ClientId client, ConsentKind kind) {
		server.bean(ClientConsents.class).sign(self(guest), client, kind,
				server.bean(ConsentTexts.class).current(kind).version(), guest.name(), true);
	}

	/** A guest as the server sees them when they act for themself (signing consents, confirming where they are). */
	private Actor self(Person guest) {
		return new Actor(org, guest.user(), Set.of(Role.CLIENT), null, "127.0.0.1");
	}

	/** The demo organization's program director, who schedules the groups. */
	private Actor director() {
		return new Actor(org, new UserId(TestServer.accountIdOf("director@demo.haven.test")),
				Set.of(Role.PROGRAM_DIRECTOR, Role.CLINICIAN), null, "127.0.0.1");
	}

	private Person person(Accounts accounts, String login, String name, Role role) {
		String email = login + "@bench.haven.test";
		UserId user = accounts.open(SETUP, new NewAccount(org, email, name, PASSWORD, Set.of(role)));
		return new Person(email, PASSWORD, totp(user), user, name);
	}

	/** The demo organization's administrator, who records staff licenses. */
	private Actor admin() {
		return new Actor(org, new UserId(TestServer.accountIdOf("admin@demo.haven.test")), Set.of(Role.ORG_ADMIN), null,
				"127.0.0.1");
	}

	/**
	 * A confirmed TOTP factor, written as {@code SecondFactors.provisionTotp} writes it (the seed sealed under the
	 * organization's "totp" key, bound to the account's row) but without its ten recovery codes: each of those is an
	 * Argon2 hash, about 0.4 s of CPU per person, several minutes for a thousand, and sign-in never reads them. If
	 * {@code TotpFactors} changes how it seals seeds, the sign-ins fail loudly rather than measure something else.
	 */
	private String totp(UserId user) {
		byte[] seed = OneTimeCodes.newSeed();
		byte[] sealed = server.bean(FieldCipher.class)
			.seal(KeyScope.purpose(org, "totp"), FieldRef.of("identity.totp_factor", "seed", user.value()), seed);
		server.superuserDb()
			.sql("INSERT INTO identity.totp_factor (user_id, org_id, seed, confirmed_at) VALUES (?, ?, ?, now())")
			.params(user.value(), org.value(), sealed)
			.update();
		return new Base32().encodeAsString(seed).replace("=", "");
	}

}
