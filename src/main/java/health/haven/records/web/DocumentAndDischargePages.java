package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.records.Discharges;
import health.haven.records.Clients;
import health.haven.records.Documents;
import health.haven.records.NewDischarge;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Staff pages for a client's documents (an upload form) and discharge. A refused upload or discharge shows the page
 * again with the reason and stores nothing; not found and forbidden become the friendly error page.
 */
@Controller
class DocumentAndDischargePages {

	private static final Set<Kind> SHOWN_ON_THE_PAGE = Set.of(Kind.BAD_REQUEST, Kind.CONFLICT,
			Kind.PAYLOAD_TOO_LARGE, Kind.UNSUPPORTED_MEDIA_TYPE);

	private final Clients clients;

	private final Documents documents;

	private final Discharges discharges;

	private final AccessDecisions decisions;

	DocumentAndDischargePages(Clients clients, Documents documents, Discharges discharges, AccessDecisions decisions) {
		this.clients = clients;
		this.documents = documents;
		this.discharges = discharges;
		this.decisions = decisions;
	}

	@GetMapping("/clients/{id}/documents")
	String documents(@PathVariable String id, Model model) {
		return documentsPage(StaffPages.staff(), ChartRequests.clientId(id), model);
	}

	@PostMapping("/clients/{id}/documents")
	String upload(@PathVariable String id, @RequestParam(required = false) MultipartFile file,
			@RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String kind,
			@RequestParam(defaultValue = "") String category, Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		try {
			documents.upload(actor, client, title, kind, category.isBlank() ? null : category,
					DocumentsApi.bytes(file));
			return "redirect:/clients/" + client + "/documents?uploaded";
		}
		catch (HavenException ex) {
			return again(ex, response, () -> documentsPage(actor, client, model.addAttribute("error", ex.explanation())));
		}
	}

	/** Shares a chart document with the client (they list and download it in the portal). */
	@PostMapping("/clients/{id}/documents/{document}/share")
	String share(@PathVariable String id, @PathVariable String document) {
		ClientId client = ChartRequests.clientId(id);
		documents.share(StaffPages.staff(), client, document);
		return "redirect:/clients/" + client + "/documents?shared";
	}

	@GetMapping("/clients/{id}/discharge")
	String discharge(@PathVariable String id, Model model) {
		return dischargePage(StaffPages.staff(), ChartRequests.clientId(id), model);
	}

	@PostMapping("/clients/{id}/discharge")
	String discharge(@PathVariable String id, @RequestParam(defaultValue = "") String reason,
			@RequestParam(defaultValue = "") String dischargedOn, @RequestParam(defaultValue = "") String summary,
			@RequestParam(defaultValue = "") String aftercarePlan, @RequestParam(defaultValue = "") String category,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		try {
			discharges.discharge(actor, client, new NewDischarge(reason, StaffPages.date(dischargedOn), summary, aftercarePlan,
					category.isBlank() ? null : category));
			return "redirect:/clients/" + client + "/discharge?discharged";
		}
		catch (HavenException ex) {
			return again(ex, response, () -> dischargePage(actor, client, model.addAttribute("error", ex.explanation())
				.addAttribute("entered", new NewDischarge(reason, null, summary, aftercarePlan, category))
				.addAttribute("enteredDate", dischargedOn)));
		}
	}

	private String documentsPage(Actor actor, ClientId client, Model model) {
		Purpose purpose = decisions.usualPurpose(actor);
		model.addAttribute("documents", documents.of(actor, client, purpose));
		model.addAttribute("discharge", discharges.of(actor, client, purpose));
		model.addAttribute("client", clients.find(actor, client, purpose));
		model.addAttribute("kinds", new TreeSet<>(Documents.KINDS));
		return "client-documents";
	}

	private String dischargePage(Actor actor, ClientId client, Model model) {
		Purpose purpose = decisions.usualPurpose(actor);
		model.addAttribute("discharge", discharges.of(actor, client, purpose));
		model.addAttribute("client", clients.find(actor, client, purpose));
		model.addAttribute("reasons", List.of(
				new Choice("COMPLETED", "Completed treatment"), new Choice("TRANSFERRED", "Transferred"),
				new Choice("LEFT_AGAINST_ADVICE", "Left against advice"),
				new Choice("ADMINISTRATIVE", "Administrative"), new Choice("OTHER", "Other")));
		model.addAttribute("today", LocalDate.now());
		if (!model.containsAttribute("entered")) {
			model.addAttribute("entered", new NewDischarge("", null, "", "", ""));
			model.addAttribute("enteredDate", LocalDate.now().toString());
		}
		return "client-discharge";
	}

	/** Bad input and a closed chart are shown on the page with the status they deserve; the rest is an error page. */
	private static String again(HavenException ex, HttpServletResponse response,
			java.util.function.Supplier<String> page) {
		if (!SHOWN_ON_THE_PAGE.contains(ex.kind())) {
			throw ex;
		}
		response.setStatus(ex.kind().status());
		return page.get();
	}

	record Choice(String value, String label) {
	}

}
