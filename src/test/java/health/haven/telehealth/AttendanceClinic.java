package health.haven.telehealth;

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
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A clinic of its own for the attendance tests: an adult IOP (ASAM 2.1, 9 hours a week) with its director, an evening
 * team (a facilitator and a clinician), a teen program with its own clinician, and, per test, a track meeting
 * Mon/Wed/Thu 18:00-21:00 New York time whose sessions two weeks ago are written out, with clients who have portal
 * accounts (presence is by account).
 */
final class AttendanceClinic {

	static final ActorRef SETUP = ActorRef.system("attendance-tests");

	static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	final TestServer server;

	final String slug = "attend-" + UUID.randomUUID().toString().substring(0, 8);

	final OrgId org;

	final UUID program;

	final UUID team;

	final UUID otherTeam;

	final Actor director;

	final Actor facilitator;

	final Actor clinician;

	final Actor otherClinician;

	/** The Monday of the week the tests' sessions took place, two weeks before this one. */
	final LocalDate monday = LocalDate.now(NEW_YORK).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(2);

	private final Map<UserId, String> names = new HashMap<>();

	private final Map<UserId, String> secrets = new HashMap<>();

	private final Map<ClientId, Actor> portal = new HashMap<>();

	AttendanceClinic(TestServer server) {
		this.server = server;
		CareTeams careTeams = server.bean(CareTeams.class);
		org = server.bean(Accounts.class).createOrganization(SETUP, "Attendance Test Clinic", slug);
		program = careTeams.createProgram(SETUP, org, "Adult IOP");
		UUID teenProgram = careTeams.createProgram(SETUP, org, "Adolescent IOP");
		team = careTeams.createCareTeam(SETUP, org, Optional.of(program), "Evening team");
		otherTeam = careTeams.createCareTeam(SETUP, org, Optional.of(teenProgram), "Teen team");
		director = person("director", Role.PROGRAM_DIRECTOR, null);
		careTeams.addDirector(SETUP, org, program, director.user());
		facilitator = person("facilitator", Role.FACILITATOR, team);
		clinician = person("clinician", Role.CLINICIAN, team);
		otherClinician = person("clinician2", Role.CLINICIAN, otherTeam);
		server.bean(Programs.class).define(director, program, new ProgramDefinition("ASAM_2_1", "ADULT", null, 100));
	}

	/** A track whose three sessions of {@link #monday}'s week are scheduled, run by the facilitator and clinician. */
	Week week(String name, int clients) {
		UUID track = server.bean(Programs.class)
			.addTrack(director, program, new TrackDefinition(name, "MON,WED,THU", "18:00", "21:00", 20));
		List<ClientId> enrolled = new java.util.ArrayList<>();
		for (int i = 0; i < clients; i++) {
			ClientId client = client(team);
			server.bean(Enrollments.class)
				.enroll(director, client, new NewEnrollment(track, monday.minusWeeks(1), 12, null));
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
		ClientId id = server.bean(Clients.class)
			.register(SETUP, org, new NewClient("Attendee " + UUID.randomUUID(), LocalDate.of(1988, 3, 3), "OR", null));
		server.bean(CareTeams.class).assignClient(SETUP, org, careTeam, id);
		UserId account = account("client-" + id.toString().substring(0, 8), Role.CLIENT);
		server.bean(CareTeams.class).linkClientAccount(SETUP, org, id, account);
		portal.put(id, new Actor(org, account, Set.of(Role.CLIENT), null, "127.0.0.1"));
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

	Http signIn(Actor actor) {
		Http http = new Http(server);
		String location = Http.location(http.signIn(new DemoAccounts.Account(names.get(actor.user()) + "@" + slug
				+ ".test", password(), actor.roles().stream().map(Role::name).toList(), "", secrets.get(actor.user()))));
		if (location.contains("error")) {
			throw new AssertionError("could not sign in: " + location);
		}
		return http;
	}

	private Actor person(String name, Role role, UUID careTeam) {
		UserId user = account(name, role);
		if (careTeam != null) {
			server.bean(CareTeams.class).addMember(SETUP, org, careTeam, user);
		}
		return new Actor(org, user, Set.of(role), null, "127.0.0.1");
	}

	private UserId account(String name, Role role) {
		UserId user = server.bean(Accounts.class)
			.open(SETUP, new NewAccount(org, name + "@" + slug + ".test", name, password(), Set.of(role)));
		names.put(user, name);
		secrets.put(user, server.bean(SecondFactors.class).provisionTotp(SETUP, org, user).secret());
		return user;
	}

	private String password() {
		return "a long enough passphrase for " + slug;
	}

	/** A track's week: its enrolled clients and its three sessions (Mon, Wed, Thu). */
	record Week(UUID track, List<ClientId> clients, List<UUID> sessions) {
	}

}
