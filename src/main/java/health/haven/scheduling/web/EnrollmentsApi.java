package health.haven.scheduling.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.scheduling.enrollment.Enrollment;
import health.haven.scheduling.Enrollments;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A client's enrollments over JSON. */
@RestController
@RequestMapping("/api/v1/clients/{id}/enrollments")
class EnrollmentsApi {

	private final Enrollments enrollments;

	private final AccessDecisions decisions;

	EnrollmentsApi(Enrollments enrollments, AccessDecisions decisions) {
		this.enrollments = enrollments;
		this.decisions = decisions;
	}

	@Operation(summary = "The client's enrollments, newest first, with level-of-care and status history")
	@GetMapping
	List<Enrollment> list(@PathVariable String id, @RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		return enrollments.of(actor, Requests.clientId(id), Requests.purpose(decisions, actor, purpose));
	}

	@Operation(summary = "Enrolls the client in a track; a full track is refused")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> enroll(@PathVariable String id, @RequestBody EnrollJson body) {
		return Map.of("id", enrollments.enroll(CurrentActor.require(), Requests.clientId(id),
				Requests.enrollment(body.track(), body.admittedOn(), body.expectedWeeks(), body.levelOfCare()))
			.toString());
	}

	@Operation(summary = "Changes the level of care of an enrollment, with a reason")
	@PostMapping("/{enrollment}/level-of-care")
	Map<String, String> levelOfCare(@PathVariable String id, @PathVariable String enrollment,
			@RequestBody ChangeJson body) {
		enrollments.changeLevelOfCare(CurrentActor.require(), Requests.clientId(id), Requests.id(enrollment),
				body.value(), body.reason());
		return Map.of("levelOfCare", String.valueOf(body.value()));
	}

	@Operation(summary = "Changes the status of an enrollment: ACTIVE, ON_HOLD or DISCHARGED")
	@PostMapping("/{enrollment}/status")
	Map<String, String> status(@PathVariable String id, @PathVariable String enrollment, @RequestBody ChangeJson body) {
		enrollments.changeStatus(CurrentActor.require(), Requests.clientId(id), Requests.id(enrollment), body.value(),
				body.reason());
		return Map.of("status", String.valueOf(body.value()));
	}

	record EnrollJson(String track, String admittedOn, String expectedWeeks, String levelOfCare) {
	}

	record ChangeJson(String value, @Phi String reason) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

}
