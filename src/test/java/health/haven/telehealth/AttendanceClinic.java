package health.haven.telehealth;

import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.scheduling.NewGroupSeries;
import health.haven.scheduling.SessionPlanner;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.support.Clinic;
import health.haven.support.TestServer;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A clinic of its own for the attendance tests: an adult IOP (ASAM 2.1, 9 hours a week) with its director, an evening
 * team (a facilitator and a clinician), a teen program with its own clinician, and, per test, a track meeting
 * Mon/Wed/Thu 18:00-21:00 New York time whose sessions two weeks ago are written out, with clients who have portal
 * accounts (presence is by account).
 */
final class AttendanceClinic extends Clinic {

	static final ActorRef SETUP = ActorRef.system("attendance-tests");

	static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	final UUID program;

	final UUID team;

	final UUID otherTeam;

	final Actor director;

	final Actor facilitator;

	final Actor clinician;

	final Actor otherClinician;

	/** The Monday of the week the tests' sessions took place, two weeks before this one. */
	final LocalDate monday = LocalDate.now(NEW_YORK).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(2);

	private final Map<ClientId, Actor> portal = new HashMap<>();

	AttendanceClinic(TestServer server) {
		super(server, SETUP, "Attendance Test Clinic", "attend");
		program = program("Adult IOP");
		UUID teenProgram = program("Adolescent IOP");
		team = careTeam("Evening team", program);
		otherTeam = careTeam("Teen team", teenProgram);
		director = programDirector("director", program);
		facilitator = person("facilitator", Role.FACILITATOR, team);
		clinician = person("clinician", Role.CLINICIAN, team);
		otherClinician = person("clinician2", Role.CLINICIAN, otherTeam);
		defineAdultIop(director, program);
	}

	/** A track whose three sessions of {@link #monday}'s week are scheduled, run by the facilitator and clinician. */
	Week week(String name, int clients) {
		UUID track = eveningTrack(director, program, name, "MON,WED,THU", 20);
		List<ClientId> enrolled = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			ClientId client = client(team);
			enroll(director, client, track, monday.minusWeeks(1));
			enrolled.add(client);
		}
		List<UUID> sessions = server.bean(SessionPlanner.class)
			.scheduleGroup(director, program, track, new NewGroupSeries(monday, monday.plusDays(6),
					facilitator.user(), clinician.user(), null, null, null, null))
			.sessions();
		return new Week(track, enrolled, sessions);
	}

	/** A client of a care team with a portal account of their own. */
	ClientId client(UUID careTeam) {
		ClientId id = register("Attendee " + UUID.randomUUID(), LocalDate.of(1988, 3, 3), "OR", careTeam);
		portal.put(id, portalAccount(id, "client-" + id.toString().substring(0, 8)));
		return id;
	}

	Actor portalOf(ClientId client) {
		return portal.get(client);
	}

	/** An instant on a day of the tests' week (0 = Monday), New York time, "18:30". */
	Instant at(int day, String time) {
		return monday.plusDays(day).atTime(LocalTime.parse(time)).atZone(NEW_YORK).toInstant();
	}

	/** A room of the session for the client, and the client's stays in it (admitted-left pairs, joined as admitted). */
	UUID presence(UUID session, ClientId client, Instant... admittedLeft) {
		PresenceImports imports = server.bean(PresenceImports.class);
		UUID room = imports.room(SETUP, org, session, client, facilitator.user());
		imports.stay(SETUP, org, room, facilitator.user(), Seat.HOST, admittedLeft[0].minusSeconds(600),
				admittedLeft[0].minusSeconds(600), admittedLeft[admittedLeft.length - 1].plusSeconds(600));
		for (int i = 0; i < admittedLeft.length; i += 2) {
			imports.stay(SETUP, org, room, portalOf(client).user(), Seat.GUEST, admittedLeft[i].minusSeconds(60),
					admittedLeft[i], admittedLeft[i + 1]);
		}
		return room;
	}

	/** A track's week: its enrolled clients and its three sessions (Mon, Wed, Thu). */
	record Week(UUID track, List<ClientId> clients, List<UUID> sessions) {
	}

}
