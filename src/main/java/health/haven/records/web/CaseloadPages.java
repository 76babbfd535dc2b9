package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.records.ChartSummaries;
import health.haven.records.ChartSummary;
import health.haven.records.ClientProfiles;
import health.haven.records.Clients;
import health.haven.shared.ClientId;
import health.haven.shared.Purpose;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff pages over the client registry: the clients one may see, and one client's chart summary (demographics only
 * for staff who may not see clinical content). Clients use their portal instead; the registry decides (and audits)
 * what each member of staff sees.
 */
@Controller
class CaseloadPages {

	private final Clients clients;

	private final ChartSummaries summaries;

	private final ClientProfiles profiles;

	private final AccessDecisions decisions;

	CaseloadPages(Clients clients, ChartSummaries summaries, ClientProfiles profiles, AccessDecisions decisions) {
		this.clients = clients;
		this.summaries = summaries;
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
		ClientId client = ChartRequests.clientId(id);
		Purpose purpose = emergency ? Purpose.EMERGENCY : decisions.usualPurpose(actor);
		if (summaries.available(actor, client, purpose)) {
			ChartSummary summary = summaries.of(actor, client, purpose);
			model.addAttribute("client", summary.client());
			model.addAttribute("profile", summary.profile());
			model.addAttribute("plan", summary.plan().orElse(null));
			model.addAttribute("notes", summary.recentNotes());
			model.addAttribute("summary", true);
		}
		else {
			// Billing and the front desk: who the client is (preferred name, pronouns), nothing clinical.
			model.addAttribute("client", clients.find(actor, client, purpose));
			model.addAttribute("profile", profiles.of(actor, client, purpose));
			model.addAttribute("summary", false);
		}
		model.addAttribute("emergency", emergency);
		return "client";
	}

}
