package health.haven.portal.web;

import health.haven.consent.ClientConsents;
import health.haven.records.TreatmentPlans;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The client's treatment plan in plain words, and their e-signature of it: typed name and a tick, sent with the
 * version and content hash they were shown, so that what is signed is exactly what was read. A plan changed since the
 * page was opened is refused (409) and shown again in its new version; nothing is written.
 */
@Controller
class PlanPage {

	private final ClientConsents consents;

	private final TreatmentPlans plans;

	PlanPage(ClientConsents consents, TreatmentPlans plans) {
		this.consents = consents;
		this.plans = plans;
	}

	@GetMapping("/portal/plan")
	String plan(Model model) {
		return show(PortalClient.current(consents), model);
	}

	@PostMapping("/portal/plan/signature")
	String sign(@RequestParam(defaultValue = "0") String version, @RequestParam(defaultValue = "") String contentSha256,
			@RequestParam(defaultValue = "") String typedName, @RequestParam(defaultValue = "false") boolean agreed,
			Model model, HttpServletResponse response) {
		PortalClient client = PortalClient.current(consents);
		try {
			plans.sign(client.actor(), client.client(), number(version), contentSha256, typedName, agreed);
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST && ex.kind() != Kind.CONFLICT) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.code().equals("RECORDS_PLAN_STALE")
					? "Your plan changed after you opened it. Please read this version and sign it." : ex.explanation());
			model.addAttribute("code", ex.code());
			return show(client, model);
		}
		return "redirect:/portal/plan?signed";
	}

	private String show(PortalClient client, Model model) {
		model.addAttribute("plan", plans.of(client.actor(), client.client(), Purpose.PATIENT_REQUEST).orElse(null));
		return "portal-plan";
	}

	private static int number(String value) {
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
