package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.records.ClientProfiles;
import health.haven.records.Clients;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff pages over the client registry: the clients one may see, and one client. Clients use their portal instead;
 * the registry decides (and audits) what each member of staff sees.
 */
@Controller
class CaseloadPages {

	private final Clients clients;

	private final ClientProfiles profiles;

	private final AccessDecisions decisions;

	CaseloadPages(Clients clients, ClientProfiles profiles, AccessDecisions decisions) {
		this.clients = clients;
		this.profiles = profiles;
		this.decisions = decisions;
	}

	@GetMapping("/clients")
	String caseload(Model model) {
		Actor actor = StaffPages.staff();
		model.addAttribute("clients", clients.visibleTo(actor, decisions.usualPurpose(actor)));
		model.addAttribute("mayRegister", clients.mayRegister(actor));
		return "clients";
	}

	@GetMapping("/clients/{id}")
	String client(@PathVariable String id, @RequestParam(defaultValue = "false") boolean emergency, Model model) {
		Actor actor = StaffPages.staff();
		ClientId client;
		try {
			client = new ClientId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("CLIENT_NOT_FOUND", Kind.NOT_FOUND, "no such client");
		}
		Purpose purpose = emergency ? Purpose.EMERGENCY : decisions.usualPurpose(actor);
		model.addAttribute("client", clients.find(actor, client, purpose));
		// Preferred name and pronouns for everyone who sees the client; risk flags only where clinical data is allowed.
		model.addAttribute("profile", profiles.of(actor, client, purpose));
		model.addAttribute("emergency", emergency);
		return "client";
	}

}
