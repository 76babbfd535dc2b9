package health.haven.portal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.NewAccount;
import health.haven.identity.Role;
import health.haven.identity.SecondFactors;
import health.haven.records.Clients;
import health.haven.records.Documents;
import health.haven.records.NewClient;
import health.haven.records.NewProgressNote;
import health.haven.records.ProgressNotes;
import health.haven.records.TreatmentPlans;
import health.haven.records.plan.PlanContent;
import health.haven.scheduling.NewEnrollment;
import health.haven.scheduling.NewIndividualSession;
import health.haven.scheduling.ProgramDefinition;
import health.haven.scheduling.Programs;
import health.haven.scheduling.Enrollments;
import health.haven.scheduling.SessionPlanner;
import health.haven.scheduling.TrackDefinition;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A clinic of its own for the portal tests: an adult IOP with a program director, one care team with a clinician,
 * and two clients with portal accounts of their own (so that each can try the other's ids). Builders write notes,
 * plans, documents and sessions through the real services, as the clinician.
 */
final class PortalClinic {

	static final ActorRef SETUP = ActorRef.system("portal-tests");

	/** The scheduling default zone (HAVEN_SCHEDULING_DEFAULT_ZONE unset). */
	static final ZoneId ZONE = ZoneId.of("America/New_York");

	final TestServer server;

	final String slug = "portal-" + UUID.randomUUID().toString().substring(0, 8);

	final OrgId org;

	final UUID program;

	final UUID track;

	final Actor director;

	final Actor clinician;

	private final Map<UserId, String> names = new HashMap<>();

	private final Map<UserId, String> secrets = new HashMap<>();

	private final Map<UserId, ClientId> clients = new HashMap<>();

	private final UUID team;

	PortalClinic(TestServer server) {
		this.server = server;
		Accounts accounts = server.bean(Accounts.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		org = accounts.createOrganization(SETUP, "Portal Test Clinic", slug);
		program = careTeams.createProgram(SETUP, org, "Adult IOP");
		team = careTeams.createCareTeam(SETUP, org, Optional.of(program), "Portal team");
		director = person("Dana Director", Role.PROGRAM_DIRECTOR, false);
		careTeams.addDirector(SETUP, org, program, director.user());
		clinician = person("Cam Clinician", Role.CLINICIAN, true);
		server.bean(Programs.class).define(director, program, new ProgramDefinition("ASAM_2_1", "ADULT", null, 100));
		track = server.bean(Programs.class).addTrack(director, program, new TrackDefinition("Evening group",
				"MON,WED,THU", "18:00", "21:00", 12));
	}

	/** A client of the team with a portal account of their own, enrolled in the evening track from today. */
	Actor client(String name) {
		ClientId id = server.bean(Clients.class)
			.register(SETUP, org, new NewClient(name + " " + slug, LocalDate.of(1990, 5, 5), "TX", null));
		server.bean(CareTeams.class).assignClient(SETUP, org, team, id);
		UserId account = account(name, Role.CLIENT);
		server.bean(CareTeams.class).linkClientAccount(SETUP, org, id, account);
		clients.put(account, id);
		server.bean(Enrollments.class).enroll(clinician, id, new NewEnrollment(track, LocalDate.now(ZONE), 12, null));
		return new Actor(org, account, Set.of(Role.CLIENT), null, "127.0.0.1");
	}

	ClientId clientOf(Actor client) {
		return clients.get(client.user());
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

	/** A full sign-in over HTTPS as one of the clinic's people. */
	Http signIn(Actor actor) {
		Http http = new Http(server);
		String location = Http.location(http.signIn(account(actor)));
		if (location.contains("error")) {
			throw new AssertionError("could not sign in: " + location);
		}
		return http;
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

	private Actor person(String name, Role role, boolean onTeam) {
		UserId user = account(name, role);
		if (onTeam) {
			server.bean(CareTeams.class).addMember(SETUP, org, team, user);
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
