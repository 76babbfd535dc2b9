package health.haven.scheduling;

import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.support.Clinic;
import health.haven.support.TestServer;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A clinic of its own for the schedule tests (so the demo's counts stay as they are): an adult IOP with its director
 * and an evening team (a facilitator and a clinician), a second program with its own team (a clinician and a
 * facilitator), and clients of the evening team, the first with a portal account.
 */
final class ScheduleClinic extends Clinic {

	static final ActorRef SETUP = ActorRef.system("schedule-tests");

	final UUID program;

	final UUID team;

	final UUID otherTeam;

	final Actor director;

	final Actor facilitator;

	final Actor clinician;

	final Actor otherClinician;

	final Actor otherFacilitator;

	final ClientId portalClient;

	final Actor client;

	final String portalClientName = "Ramona Quillfeather " + UUID.randomUUID().toString().substring(0, 4);

	ScheduleClinic(TestServer server) {
		super(server, SETUP, "Schedule Test Clinic", "sched");
		program = program("Adult IOP");
		UUID otherProgram = program("Adolescent IOP");
		team = careTeam("Evening team", program);
		otherTeam = careTeam("Teen team", otherProgram);
		director = programDirector("director", program);
		facilitator = person("facilitator", Role.FACILITATOR, team);
		clinician = person("clinician", Role.CLINICIAN, team);
		otherClinician = person("clinician2", Role.CLINICIAN, otherTeam);
		otherFacilitator = person("facilitator2", Role.FACILITATOR, otherTeam);
		portalClient = newClient(portalClientName);
		client = portalAccount(portalClient, "client");
		defineAdultIop(director, program);
	}

	/** A new client of the evening team, with a name that must never appear where it should not. */
	ClientId newClient(String name) {
		return register(name, LocalDate.of(1990, 5, 5), "OR", team);
	}

	ClientId newClient() {
		return newClient("Test Person " + UUID.randomUUID());
	}

	/** A new track of the adult program meeting Mon/Wed/Thu 18:00-21:00 (in America/New_York). */
	UUID track(String name, int capacity) {
		return eveningTrack(director, program, name, "MON,WED,THU", capacity);
	}

}
