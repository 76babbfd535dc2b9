package health.haven.incidents.web;

import health.haven.identity.CurrentActor;
import health.haven.incidents.SecurityIncidents;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The privacy officer's incident register: the list, and one incident with the reporter's words. */
@Controller
class IncidentPages {

	private final SecurityIncidents incidents;

	IncidentPages(SecurityIncidents incidents) {
		this.incidents = incidents;
	}

	@GetMapping("/compliance/incidents")
	String list(Model model) {
		model.addAttribute("incidents", incidents.all(CurrentActor.require()));
		return "incidents";
	}

	@GetMapping("/compliance/incidents/{incident}")
	String one(@PathVariable String incident, Model model) {
		UUID id;
		try {
			id = UUID.fromString(incident);
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("INCIDENTS_NOT_FOUND", Kind.NOT_FOUND, "no such incident");
		}
		model.addAttribute("incident", incidents.find(CurrentActor.require(), id));
		return "incident";
	}

}
