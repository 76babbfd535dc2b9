package health.haven.scheduling.web;

import health.haven.identity.CurrentActor;
import health.haven.scheduling.CaseloadEntry;
import health.haven.scheduling.Enrollments;
import health.haven.scheduling.ProgramDefinition;
import health.haven.scheduling.ProgramProfile;
import health.haven.scheduling.Programs;
import health.haven.scheduling.TrackDefinition;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Programs, their tracks and caseloads over JSON. */
@RestController
class ProgramsApi {

	private final Programs programs;

	private final Enrollments enrollments;

	ProgramsApi(Programs programs, Enrollments enrollments) {
		this.programs = programs;
		this.enrollments = enrollments;
	}

	@Operation(summary = "The organization's programs with their profiles, tracks and care teams")
	@GetMapping("/api/v1/programs")
	List<ProgramProfile> all() {
		return programs.all(CurrentActor.require());
	}

	@Operation(summary = "One program")
	@GetMapping("/api/v1/programs/{program}")
	ProgramProfile one(@PathVariable String program) {
		return programs.find(CurrentActor.require(), Requests.id(program));
	}

	@Operation(summary = "Defines or changes a program's level of care, population, weekly hours and capacity "
			+ "(organization admin or the program's director)")
	@PostMapping("/api/v1/programs/{program}")
	ProgramProfile define(@PathVariable String program, @RequestBody ProgramJson body) {
		return programs.define(CurrentActor.require(), Requests.id(program), new ProgramDefinition(body.levelOfCare(),
				body.population(), Requests.hours(body.requiredHours()), Requests.integer(body.capacity(), "capacity")));
	}

	@Operation(summary = "Adds a track to a program: days like MON,WED,THU and times like 18:00")
	@PostMapping("/api/v1/programs/{program}/tracks")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> addTrack(@PathVariable String program, @RequestBody TrackJson body) {
		return Map.of("id", programs.addTrack(CurrentActor.require(), Requests.id(program), body.definition()).toString());
	}

	@Operation(summary = "Changes a track of a program")
	@PostMapping("/api/v1/programs/{program}/tracks/{track}")
	Map<String, String> changeTrack(@PathVariable String program, @PathVariable String track,
			@RequestBody TrackJson body) {
		programs.changeTrack(CurrentActor.require(), Requests.id(program), Requests.id(track), body.definition());
		return Map.of("id", track);
	}

	@Operation(summary = "A track's active and on-hold clients, for the program's director")
	@GetMapping("/api/v1/programs/{program}/tracks/{track}/caseload")
	List<CaseloadEntry> trackCaseload(@PathVariable String program, @PathVariable String track) {
		return enrollments.trackCaseload(CurrentActor.require(), Requests.id(program), Requests.id(track));
	}

	@Operation(summary = "The caseload of the person asking: their care teams' clients and their enrollments")
	@GetMapping("/api/v1/caseload")
	List<CaseloadEntry> caseload() {
		return enrollments.caseload(CurrentActor.require());
	}

	record ProgramJson(String levelOfCare, String population, String requiredHours, String capacity) {
	}

	record TrackJson(String name, String days, String startsAt, String endsAt, String capacity) {

		TrackDefinition definition() {
			return new TrackDefinition(name, days, startsAt, endsAt, Requests.integer(capacity, "capacity"));
		}

	}

}
