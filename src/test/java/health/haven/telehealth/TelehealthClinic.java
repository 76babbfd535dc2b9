package health.haven.telehealth;

import health.haven.consent.ClientConsents;
import health.haven.consent.ConsentKind;
import health.haven.consent.ConsentTexts;
import health.haven.consent.LocationAttestations;
import health.haven.identity.Actor;
import health.haven.identity.LicenseType;
import health.haven.identity.NewLicense;
import health.haven.identity.Role;
import health.haven.identity.StaffLicenses;
import health.haven.scheduling.NewGroupSeries;
import health.haven.scheduling.SessionPlanner;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.support.Clinic;
import health.haven.support.TestServer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.UUID;

/**
 * A clinic of its own for the group-room tests: an adult IOP with a director, an administrator, an evening team
 * (a facilitator licensed in Texas and a co-facilitating clinician), a track meeting today around now, and clients
 * with portal accounts. {@link #groupNow} schedules today's group (it has started, so its room is open) with the
 * clients given on its roster; {@link #ready} signs a client's consents and records where they are.
 */
final class TelehealthClinic extends Clinic {

	static final ActorRef SETUP = ActorRef.system("telehealth-tests");

	static final ZoneId ZONE = ZoneId.of("America/New_York");

	final UUID program;

	final UUID team;

	final UUID track;

	final Actor director;

	final Actor admin;

	final Actor facilitator;

	final Actor coFacilitator;

	TelehealthClinic(TestServer server) {
		super(server, SETUP, "Telehealth Test Clinic", "tele");
		program = program("Adult IOP");
		team = careTeam("Evening team", program);
		director = programDirector("Dana Director", program);
		admin = person("Adrian Admin", Role.ORG_ADMIN);
		facilitator = person("Frances Facilitator", Role.FACILITATOR, team);
		coFacilitator = person("Cory Clinician", Role.CLINICIAN, team);
		server.bean(StaffLicenses.class).add(admin, facilitator.user(),
				new NewLicense("TX", LicenseType.LADC, "TX-" + slug, LocalDate.now().plusYears(1)));
		defineAdultIop(director, program);
		track = eveningTrack(director, program, "Evening group", day(ZonedDateTime.now(ZONE).getDayOfWeek()), 12);
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
		return portalAccount(register(name + " " + slug, LocalDate.of(1990, 5, 5), state, team), name);
	}

	/** The client signs the current telehealth consent (and, for groups, the group agreement). */
	void consents(Actor client, boolean groupAgreement) {
		ClientConsents consents = server.bean(ClientConsents.class);
		ConsentTexts texts = server.bean(ConsentTexts.class);
		consents.sign(client, clientOf(client), ConsentKind.TELEHEALTH, texts.current(ConsentKind.TELEHEALTH).version(),
				displayName(client), true);
		if (groupAgreement) {
			consents.sign(client, clientOf(client), ConsentKind.GROUP_AGREEMENT,
					texts.current(ConsentKind.GROUP_AGREEMENT).version(), displayName(client), true);
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

	private static String day(DayOfWeek day) {
		return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT);
	}

}
