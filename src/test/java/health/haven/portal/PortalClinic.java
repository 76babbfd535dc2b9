package health.haven.portal;

import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.Documents;
import health.haven.records.NewProgressNote;
import health.haven.records.ProgressNotes;
import health.haven.records.TreatmentPlans;
import health.haven.records.plan.PlanContent;
import health.haven.scheduling.NewIndividualSession;
import health.haven.scheduling.SessionPlanner;
import health.haven.shared.ActorRef;
import health.haven.support.Clinic;
import health.haven.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A clinic of its own for the portal tests: an adult IOP with a program director, one care team with a clinician,
 * and two clients with portal accounts of their own (so that each can try the other's ids). Builders write notes,
 * plans, documents and sessions through the real services, as the clinician.
 */
final class PortalClinic extends Clinic {

	static final ActorRef SETUP = ActorRef.system("portal-tests");

	/** The scheduling default zone (HAVEN_SCHEDULING_DEFAULT_ZONE unset). */
	static final ZoneId ZONE = ZoneId.of("America/New_York");

	final UUID program;

	final UUID track;

	final Actor director;

	final Actor clinician;

	private final UUID team;

	PortalClinic(TestServer server) {
		super(server, SETUP, "Portal Test Clinic", "portal");
		program = program("Adult IOP");
		team = careTeam("Portal team", program);
		director = programDirector("Dana Director", program);
		clinician = person("Cam Clinician", Role.CLINICIAN, team);
		defineAdultIop(director, program);
		track = eveningTrack(director, program, "Evening group", "MON,WED,THU", 12);
	}

	/** A client of the team with a portal account of their own, enrolled in the evening track from today. */
	Actor client(String name) {
		Actor client = portalAccount(register(name + " " + slug, LocalDate.of(1990, 5, 5), "TX", team), name);
		enroll(clinician, clientOf(client), track, LocalDate.now(ZONE));
		return client;
	}

	/** A signed note (or a draft), GENERAL or SUD_PART2, or a psychotherapy note, by the clinician. */
	UUID note(Actor client, String kind, String category, boolean sign, String data) {
		ProgressNotes notes = server.bean(ProgressNotes.class);
		UUID note = notes.create(clinician, clientOf(client), new NewProgressNote("DAP", kind, category,
				LocalDate.now().minusDays(1).toString(), false,
				Map.of("data", data, "assessment", "Engaged.", "plan", "Continue.")));
		if (sign) {
			notes.sign(clinician, clientOf(client), note.toString(), 1);
		}
		return note;
	}

	/** Writes the next version of the client's plan, with this problem; returns the new version. */
	int plan(Actor client, int basedOn, String problem) {
		return server.bean(TreatmentPlans.class).save(clinician, clientOf(client), new PlanContent(List.of(
				new PlanContent.Problem(problem, List.of(new PlanContent.Goal("Feel steadier day to day",
						LocalDate.now().plusDays(90), List.of(new PlanContent.Objective("PHQ-9 below 10 twice",
								LocalDate.now().plusDays(30),
								List.of(new PlanContent.Intervention("Weekly CBT", "once a week"))))))))),
				basedOn, "GENERAL");
	}

	UUID document(Actor client, String title) {
		return server.bean(Documents.class).upload(clinician, clientOf(client), title, "CORRESPONDENCE", "GENERAL",
				pdf());
	}

	/** An individual session with the clinician starting {@code minutesFromNow} from now (negative: started). */
	UUID session(Actor client, int minutesFromNow) {
		return server.bean(SessionPlanner.class).scheduleIndividual(clinician, new NewIndividualSession(
				clientOf(client), ZonedDateTime.now(ZONE).plusMinutes(minutesFromNow).withSecond(0).withNano(0)
					.toLocalDateTime(), 50));
	}

	static byte[] pdf() {
		return "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
			.getBytes(StandardCharsets.US_ASCII);
	}

}
