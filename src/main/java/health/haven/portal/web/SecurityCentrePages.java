package health.haven.portal.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.identity.SignInHistory;
import health.haven.incidents.SecurityIncidents;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The security centre, for clients and staff alike (DESIGN.md capability 10): where one is signed in (the sessions
 * page does the signing out, linked rather than repeated here), second factors (linked), one's own sign-in history,
 * short advice on keeping a therapy account private, and "report suspicious activity", which opens an incident for the
 * privacy officer.
 */
@Controller
class SecurityCentrePages {

	private final SignInHistory history;

	private final SecurityIncidents incidents;

	SecurityCentrePages(SignInHistory history, SecurityIncidents incidents) {
		this.history = history;
		this.incidents = incidents;
	}

	@GetMapping("/portal/security")
	String securityCentre(Model model) {
		show(CurrentActor.require(), model);
		return "portal-security";
	}

	@PostMapping("/portal/security/report")
	String report(@RequestParam(defaultValue = "") String description, Model model, HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		try {
			model.addAttribute("reference", incidents.reportSuspiciousActivity(actor, description));
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(400);
			model.addAttribute("error", ex.explanation());
		}
		show(actor, model);
		return "portal-security";
	}

	private void show(Actor actor, Model model) {
		model.addAttribute("signIns", history.of(actor)
			.stream()
			.map(event -> new SignInLine(PortalSelf.time(event.at()), event.step(),
					event.succeeded() ? "Succeeded" : "Failed", event.device(), event.sourceAddress(),
					event.succeeded()))
			.toList());
		model.addAttribute("lookBackDays", SignInHistory.LOOK_BACK.toDays());
	}

	record SignInLine(String at, String step, String result, String device, String sourceAddress, boolean succeeded) {
	}

}
