package health.haven.shared.web;

import java.security.Principal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the page layout needs on every page: whether someone is signed in (the header shows sign-in or sign-out).
 */
@ControllerAdvice
class LayoutModel {

	@ModelAttribute("signedIn")
	boolean signedIn(Principal principal) {
		return principal != null;
	}

}
