package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.records.AccessRequest;
import health.haven.records.AccessRequests;
import health.haven.records.AmendmentRequest;
import health.haven.records.Amendments;
import health.haven.records.ClientSummary;
import health.haven.records.Clients;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The care team's side of the client's rights: the queue of open requests for a copy of the record (30 days) and for
 * an amendment (60 days), each with its due date and the days left or overdue; an amendment request to accept or deny
 * with a reason; a request for a copy to mark fulfilled. Staff only; what each person sees is decided per client.
 */
@Controller
class RightsPages {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

	private final AccessRequests requests;

	private final Amendments amendments;

	private final Clients clients;

	private final AccessDecisions decisions;

	RightsPages(AccessRequests requests, Amendments amendments, Clients clients, AccessDecisions decisions) {
		this.requests = requests;
		this.amendments = amendments;
		this.clients = clients;
		this.decisions = decisions;
	}

	@GetMapping("/rights/requests")
	String queue(Model model) {
		Actor actor = StaffPages.staff();
		Instant now = Instant.now();
		Map<ClientId, String> names = new HashMap<>();
		List<AccessRequest> open = requests.openFor(actor);
		List<AmendmentRequest> asked = amendments.openFor(actor);
		model.addAttribute("accessRequests", open.stream()
			.map(request -> new Queued(request.id().toString(), request.client().toString(),
					name(actor, request.client(), names), DAY.format(request.requestedAt()),
					DAY.format(request.dueAt()), request.daysLeftAt(now), request.overdueAt(now), request.details()))
			.toList());
		model.addAttribute("amendments", asked.stream()
			.map(request -> new Queued(request.id().toString(), request.client().toString(),
					name(actor, request.client(), names), DAY.format(request.requestedAt()),
					DAY.format(request.dueAt()), request.daysLeftAt(now), request.overdueAt(now), request.what()))
			.toList());
		return "rights-requests";
	}

	@GetMapping("/clients/{id}/amendments/{amendment}")
	String amendment(@PathVariable String id, @PathVariable String amendment, Model model) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		AmendmentRequest request = amendments.find(actor, client, amendment, decisions.usualPurpose(actor));
		show(actor, client, request, model);
		return "rights-amendment";
	}

	@PostMapping("/clients/{id}/amendments/{amendment}/decision")
	String decide(@PathVariable String id, @PathVariable String amendment,
			@RequestParam(defaultValue = "") String outcome, @RequestParam(defaultValue = "") String reason,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		try {
			if (!outcome.equals("ACCEPTED") && !outcome.equals("DENIED")) {
				// Checked inside decide's order too: an unknown request is "not found" before this is looked at.
				amendments.find(actor, client, amendment, Purpose.TREATMENT);
				throw new HavenException("RECORDS_AMENDMENT_OUTCOME_MISSING", Kind.BAD_REQUEST,
						"choose to accept or deny the request");
			}
			amendments.decide(actor, client, amendment, outcome.equals("ACCEPTED"), reason);
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(400);
			model.addAttribute("error", ex.explanation());
			show(actor, client, amendments.find(actor, client, amendment, Purpose.TREATMENT), model);
			return "rights-amendment";
		}
		return "redirect:/rights/requests?decided";
	}

	@PostMapping("/clients/{id}/access-requests/{request}/fulfil")
	String fulfil(@PathVariable String id, @PathVariable String request, @RequestParam(defaultValue = "") String note) {
		Actor actor = StaffPages.staff();
		requests.fulfil(actor, ChartRequests.clientId(id), request, note);
		return "redirect:/rights/requests?fulfilled";
	}

	private void show(Actor actor, ClientId client, AmendmentRequest request, Model model) {
		Instant now = Instant.now();
		model.addAttribute("clientId", client.toString());
		model.addAttribute("clientName", clients.find(actor, client, Purpose.TREATMENT).name());
		model.addAttribute("amendment", request);
		model.addAttribute("requested", DAY.format(request.requestedAt()));
		model.addAttribute("due", DAY.format(request.dueAt()));
		model.addAttribute("daysLeft", request.daysLeftAt(now));
		model.addAttribute("overdue", request.overdueAt(now));
		model.addAttribute("decided", request.decidedAt() == null ? "" : DAY.format(request.decidedAt()));
	}

	private String name(Actor actor, ClientId client, Map<ClientId, String> names) {
		return names.computeIfAbsent(client, id -> {
			ClientSummary summary = clients.find(actor, id, Purpose.TREATMENT);
			return summary.name();
		});
	}

	/** One open request in the queue. */
	record Queued(String id, String client, String clientName, String requested, String due, long daysLeft,
			boolean overdue, String summary) {
	}

}
