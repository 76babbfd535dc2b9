package health.haven.records.web;

import health.haven.identity.CurrentActor;
import health.haven.records.Measures;
import health.haven.records.SafetyTask;
import health.haven.shared.web.PageRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The care team's safety alert: on every page a member of staff opens, the open urgent safety tasks of the clients
 * they treat (PHQ-9 item 9 above 0), from the moment the questionnaire is saved until someone on the team closes the
 * task. Read fresh on every page, not cached, so that nobody misses one opened a second ago.
 */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class SafetyAlerts {

	private final Measures measures;

	SafetyAlerts(Measures measures) {
		this.measures = measures;
	}

	@ModelAttribute("safetyAlerts")
	List<SafetyTask> openSafetyTasks(HttpServletRequest request) {
		if (!PageRequests.rendersPage(request)) {
			return List.of();
		}
		return CurrentActor.get().filter(actor -> actor.isStaff()).map(measures::openTasksFor).orElse(List.of());
	}

}
