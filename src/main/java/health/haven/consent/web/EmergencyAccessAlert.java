package health.haven.consent.web;

import health.haven.consent.BreakGlass;
import health.haven.identity.CurrentActor;
import health.haven.identity.Role;
import health.haven.shared.web.PageRequests;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The privacy officer's alert: on every page they open, how many emergency accesses wait for their review, from the
 * moment one starts (SEC-AC-02: "an immediate alert to the privacy/security officer").
 */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class EmergencyAccessAlert {

	private final BreakGlass breakGlass;

	EmergencyAccessAlert(BreakGlass breakGlass) {
		this.breakGlass = breakGlass;
	}

	@ModelAttribute("emergencyAccessAwaitingReview")
	Integer awaitingReview(HttpServletRequest request) {
		if (!PageRequests.rendersPage(request)) {
			return null;
		}
		return CurrentActor.get()
			.filter(actor -> actor.has(Role.COMPLIANCE_OFFICER))
			.map(actor -> breakGlass.awaitingReview(actor).size())
			.orElse(null);
	}

}
