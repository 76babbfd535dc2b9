package health.haven.portal.web;

import health.haven.consent.ClientConsents;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The client's home, where a client lands after signing in: the {@link HomeSection}s in their order, each drawn by
 * its own fragment. A section that fails fails the page (no partial view that hides, say, a safety-relevant task).
 */
@Controller
class PortalHome {

	private final ClientConsents consents;

	private final List<HomeSection> sections;

	PortalHome(ClientConsents consents, List<HomeSection> sections) {
		this.consents = consents;
		this.sections = sections;
	}

	@GetMapping("/portal")
	String home(Model model) {
		PortalClient client = PortalClient.current(consents);
		model.addAttribute("sections", sections.stream()
			.map(section -> section.show(client))
			.filter(Optional::isPresent)
			.map(Optional::get)
			.filter(Objects::nonNull)
			.toList());
		return "portal-home";
	}

}
