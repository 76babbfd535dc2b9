package health.haven.scheduling.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.scheduling.Enrollments;
import health.haven.scheduling.LevelOfCare;
import health.haven.scheduling.ProgramDefinition;
import health.haven.scheduling.ProgramProfile;
import health.haven.scheduling.Programs;
import health.haven.scheduling.TrackDefinition;
import health.haven.scheduling.Track;
import health.haven.shared.ClientId;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff pages: one's caseload, the programs and their tracks (defined by admins and directors), a track's caseload
 * and a client's enrollments. Bad input gets Haven's error page with the reason, and changes nothing.
 */
@Controller
class SchedulingPages {

	private final Programs programs;

	private final Enrollments enrollments;

	private final AccessDecisions decisions;

	SchedulingPages(Programs programs, Enrollments enrollments, AccessDecisions decisions) {
		this.programs = programs;
		this.enrollments = enrollments;
		this.decisions = decisions;
	}

	@GetMapping("/caseload")
	String caseload(Model model) {
		model.addAttribute("title", "My caseload");
		model.addAttribute("entries", enrollments.caseload(Requests.staff()));
		return "caseload";
	}

	@GetMapping("/programs")
	String programs(Model model) {
		Actor actor = Requests.staff();
		model.addAttribute("programs", programs.all(actor));
		model.addAttribute("manager", actor.has(Role.ORG_ADMIN) || actor.has(Role.PROGRAM_DIRECTOR));
		model.addAttribute("levels", LevelOfCare.values());
		return "programs";
	}

	@PostMapping("/programs/{program}")
	String define(@PathVariable String program, @RequestParam Map<String, String> form) {
		Actor actor = Requests.staff();
		programs.define(actor, Requests.id(program), new ProgramDefinition(form.get("levelOfCare"),
				form.get("population"), Requests.hours(form.get("requiredHours")),
				Requests.integer(form.get("capacity"), "capacity")));
		return "redirect:/programs?saved";
	}

	@PostMapping("/programs/{program}/tracks")
	String addTrack(@PathVariable String program, @RequestParam Map<String, String> form) {
		Actor actor = Requests.staff();
		programs.addTrack(actor, Requests.id(program), new TrackDefinition(form.get("name"), form.get("days"),
				form.get("startsAt"), form.get("endsAt"), Requests.integer(form.get("capacity"), "capacity")));
		return "redirect:/programs?saved";
	}

	@GetMapping("/programs/{program}/tracks/{track}/caseload")
	String trackCaseload(@PathVariable String program, @PathVariable String track, Model model) {
		Actor actor = Requests.staff();
		UUID programId = Requests.id(program);
		UUID trackId = Requests.id(track);
		model.addAttribute("entries", enrollments.trackCaseload(actor, programId, trackId));
		ProgramProfile profile = programs.find(actor, programId);
		String name = profile.tracks().stream().filter(t -> t.id().equals(trackId)).map(Track::name).findFirst()
			.orElse("Track");
		model.addAttribute("title", profile.name() + ": " + name);
		return "caseload";
	}

	@GetMapping("/clients/{id}/enrollments")
	String client(@PathVariable String id, Model model) {
		Actor actor = Requests.staff();
		ClientId client = Requests.clientId(id);
		model.addAttribute("client", client);
		model.addAttribute("enrollments", enrollments.of(actor, client, decisions.usualPurpose(actor)));
		model.addAttribute("programs", programs.all(actor));
		model.addAttribute("levels", LevelOfCare.values());
		return "client-enrollments";
	}

	@PostMapping("/clients/{id}/enrollments")
	String enroll(@PathVariable String id, @RequestParam Map<String, String> form) {
		Actor actor = Requests.staff();
		ClientId client = Requests.clientId(id);
		enrollments.enroll(actor, client, Requests.enrollment(form.get("track"), form.get("admittedOn"),
				form.get("expectedWeeks"), form.get("levelOfCare")));
		return "redirect:/clients/" + client + "/enrollments?enrolled";
	}

	@PostMapping("/clients/{id}/enrollments/{enrollment}/level-of-care")
	String levelOfCare(@PathVariable String id, @PathVariable String enrollment,
			@RequestParam Map<String, String> form) {
		Actor actor = Requests.staff();
		ClientId client = Requests.clientId(id);
		enrollments.changeLevelOfCare(actor, client, Requests.id(enrollment), form.get("levelOfCare"),
				form.get("reason"));
		return "redirect:/clients/" + client + "/enrollments?changed";
	}

	@PostMapping("/clients/{id}/enrollments/{enrollment}/status")
	String status(@PathVariable String id, @PathVariable String enrollment, @RequestParam Map<String, String> form) {
		Actor actor = Requests.staff();
		ClientId client = Requests.clientId(id);
		enrollments.changeStatus(actor, client, Requests.id(enrollment), form.get("status"), form.get("reason"));
		return "redirect:/clients/" + client + "/enrollments?changed";
	}

}
