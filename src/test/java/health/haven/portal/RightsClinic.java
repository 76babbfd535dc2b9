package health.haven.portal;

import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.NewProgressNote;
import health.haven.records.ProgressNotes;
import health.haven.shared.ActorRef;
import health.haven.shared.UserId;
import health.haven.support.Clinic;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A clinic of its own for the client-rights tests, so that settings and requests changed here touch no other test:
 * one care team with a clinician, a clinician on another team (for emergency access), a privacy officer, and clients
 * with portal accounts. People sign in over HTTPS once each (a TOTP step works once), and the sessions are kept.
 */
final class RightsClinic extends Clinic {

	static final ActorRef SETUP = ActorRef.system("rights-tests");

	final UUID team;

	final UUID otherTeam;

	final Actor clinician;

	final Actor otherClinician;

	final Actor privacyOfficer;

	private final Map<UserId, Http> sessions = new HashMap<>();

	RightsClinic(TestServer server) {
		super(server, SETUP, "Rights Test Clinic", "rights");
		UUID program = program("Adult IOP");
		team = careTeam("Evening team", program);
		otherTeam = careTeam("Day team", program);
		clinician = person("Casey Careful", Role.CLINICIAN, team);
		otherClinician = person("Elliot Elsewhere", Role.CLINICIAN, otherTeam);
		privacyOfficer = person("Pat Privacy", Role.COMPLIANCE_OFFICER);
	}

	/** A client of the team with a portal account; their record's name is "{name} {slug}". */
	Actor client(String name) {
		return portalAccount(register(name + " " + slug, LocalDate.of(1990, 5, 5), "TX", team), name);
	}

	String recordName(Actor client) {
		return displayName(client) + " " + slug;
	}

	/** A signed note by the team's clinician, with this text in its data section. */
	UUID signedNote(Actor client, String text) {
		ProgressNotes notes = server.bean(ProgressNotes.class);
		UUID note = notes.create(clinician, clientOf(client), new NewProgressNote("DAP", "PROGRESS", "GENERAL",
				LocalDate.now(ZoneOffset.UTC).toString(), false,
				Map.of("data", text, "assessment", "Engaged.", "plan", "Continue.")));
		notes.sign(clinician, clientOf(client), note.toString(), 1);
		return note;
	}

	/** A psychotherapy note by the team's clinician (their own process notes, never part of the record). */
	UUID psychotherapyNote(Actor client, String text) {
		ProgressNotes notes = server.bean(ProgressNotes.class);
		UUID note = notes.create(clinician, clientOf(client), new NewProgressNote("DAP", "PSYCHOTHERAPY", null,
				LocalDate.now(ZoneOffset.UTC).toString(), false,
				Map.of("data", text, "assessment", "Process notes.", "plan", "Explore further.")));
		notes.sign(clinician, clientOf(client), note.toString(), 1);
		return note;
	}

	/** A full sign-in over HTTPS, once per person; later calls return the same session. */
	Http http(Actor actor) {
		return sessions.computeIfAbsent(actor.user(), user -> signIn(actor));
	}

}
