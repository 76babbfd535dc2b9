package health.haven.portal.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.identity.Role;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Whether the page's header shows the portal's navigation: for a signed-in client (and nobody else; staff keep the
 * header they have). Decided from the roles alone: nothing is read.
 */
@ControllerAdvice
class PortalLayout {

	@ModelAttribute("portalNav")
	boolean portalNav() {
		return CurrentActor.get().map(PortalLayout::clientOnly).orElse(false);
	}

	static boolean clientOnly(Actor actor) {
		return actor.has(Role.CLIENT) && !actor.isStaff();
	}

}
