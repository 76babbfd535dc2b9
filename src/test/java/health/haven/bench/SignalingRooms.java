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
import health.haven.records.NewClient;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.TestServer;
import health.haven.telehealth.TelehealthRooms;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;

/**
 * Who sits in the signaling benchmark's rooms and how a room comes to exist: the one place to change when rooms become
 * groups (a room per scheduled session, a facilitator as HOST and up to about 15 clients as GUESTs, join gates).
 * {@link SignalingBench} and {@link SignalingPeer} know nothing of care teams or of how a room is opened; they take a
 * {@link Group} (people and credentials) and a room id from here, and the {@code join} message from {@link #join}.
 *
 * <p>Today (1:1 rooms): each group is a clinician and one client on a care team of their own, and the room is
 * {@link TelehealthRooms#open(Actor, ClientId)}, which seats that one client only; {@link #MAX_ROOM_SIZE} is 2 and a
 * larger room size is refused before anything is seeded. When group rooms land: raise {@link #MAX_ROOM_SIZE}, make
 * {@link #open} schedule (or open) the group's session with every guest on its roster, seed the join gates (signed
 * telehealth consent, group agreement) in {@link #seed}, and put the location attestation into {@link #join}.
 */
final class SignalingRooms {

	/** The largest room the server can seat today: one host and one guest. */
	static final int MAX_ROOM_SIZE = 2;

	private static final ActorRef SETUP = ActorRef.system("signaling-bench");

	private static final String PASSWORD = "a long enough passphrase for the signaling benchmark";

	/** Where every guest is, and where every host is licensed. */
	private static final String STATE = "TX";

	/** A person of the benchmark, as the load client signs them in. */
	record Person(String email, String password, String totpSecret, UserId user, String name) {
	}

	/** One room's people: its host and its guests (the clients the room is for), and the org-level ids to open it. */
	record Group(int index, Person host, List<Person> guests, List<ClientId> clients) {
	}

	/** A guest as the server sees them when they act for themself (signing consents, confirming where they are). */
	private Actor self(Person guest) {
		return new Actor(org, guest.user(), Set.of(Role.CLIENT), null, "127.0.0.1");
	}

	private final TestServer server;

	private final OrgId org;

	SignalingRooms(TestServer server, OrgId org) {
		this.server = server;
		this.org = org;
	}

	/** Refuses, before anything is started, a room size the server cannot seat yet. */
	static void requireSupported(int roomSize) {
		if (roomSize < 2 || roomSize > MAX_ROOM_SIZE) {
			throw new IllegalArgumentException("rooms of " + roomSize + " are not possible yet: today's rooms are 1:1 "
					+ "(one host, one guest); run with BENCH_ROOM_SIZE=2 (and BENCH_ROOMS=500 for 1,000 sockets) until "
					+ "group rooms land, then adapt SignalingRooms");
		}
	}

	/**
	 * Seeds group {@code index}: a clinician (password and TOTP) on a care team of its own with {@code roomSize - 1}
	 * clients, each registered, assigned to the team and given a portal account (password and TOTP) linked to their
	 * record, so that the clinician may open a room for them and each client has the SELF seat in it.
	 */
	Group seed(int index, int roomSize) {
		Accounts accounts = server.bean(Accounts.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		Clients clients = server.bean(Clients.class);
		Person host = person(accounts, "sig-host-" + index, "Signaling Host " + index, Role.CLINICIAN);
		UUID team = careTeams.createCareTeam(SETUP, org, Optional.empty(), "Signaling bench team " + index);
		careTeams.addMember(SETUP, org, team, host.user());
		// Join gate: the host licensed in the clients' state.
		server.bean(StaffLicenses.class).add(admin(), host.user(),
				new NewLicense(STATE, LicenseType.LPC, "SIG-" + index, LocalDate.now().plusYears(1)));
		List<Person> guests = new ArrayList<>();
		List<ClientId> records = new ArrayList<>();
		for (int g = 1; g < roomSize; g++) {
			ClientId client = clients.register(SETUP, org, new NewClient("Signaling Guest " + index + "-" + g,
					LocalDate.of(1960, 1, 1).plusDays(index * 16L + g), STATE, null));
			careTeams.assignClient(SETUP, org, team, client);
			Person guest = person(accounts, "sig-guest-" + index + "-" + g, "Signaling Guest " + index + "-" + g,
					Role.CLIENT);
			careTeams.linkClientAccount(SETUP, org, client, guest.user());
			// Join gate: the current telehealth consent, signed by the client.
			server.bean(ClientConsents.class).sign(self(guest), client, ConsentKind.TELEHEALTH,
					server.bean(ConsentTexts.class).current(ConsentKind.TELEHEALTH).version(), guest.name(), true);
			guests.add(guest);
			records.add(client);
		}
		return new Group(index, host, guests, records);
	}

	/**
	 * Opens a room for the group, as its host does from the client's chart ("open a room now"), and returns its id.
	 * Called once per round, so that every round starts from fresh rooms.
	 */
	UUID open(Group group) {
		Actor host = new Actor(org, group.host().user(), Set.of(Role.CLINICIAN), null, "127.0.0.1");
		UUID room = server.bean(TelehealthRooms.class).open(host, group.clients().get(0));
		// Join gate: each guest confirms, for this join, where they are and that the space is private (the room
		// page's location form; valid 30 minutes, so per round). An ad hoc room is its own gate session.
		for (int g = 0; g < group.guests().size(); g++) {
			server.bean(LocationAttestations.class).record(self(group.guests().get(g)), group.clients().get(g), room,
					STATE, "12 Example Street, Springfield", true);
		}
		return room;
	}

	/** The {@code join} message a participant sends first (group rooms: with the location attestation). */
	String join(Person who) {
		return "{\"type\":\"join\"}";
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
