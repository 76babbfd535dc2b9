package health.haven.records.web;

import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Role;
import health.haven.records.ClientAlreadyRegistered;
import health.haven.records.ClientSummary;
import health.haven.records.Clients;
import health.haven.records.NewClient;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Registering a client at admission, and finding a client by name and date of birth.
 *
 * <p>The search form posts (POST /clients/search) rather than using GET: the name and date of birth then stay out of
 * the address bar, the browser's history and bookmarks, and any proxy or server access log. The answer is the results
 * page itself, never a redirect that would carry the terms in a URL.
 */
@Controller
class RegistrationPages {

	private final Clients clients;

	private final CareTeams careTeams;

	RegistrationPages(Clients clients, CareTeams careTeams) {
		this.clients = clients;
		this.careTeams = careTeams;
	}

	@GetMapping("/clients/new")
	String form(Model model) {
		Actor actor = StaffPages.staff();
		if (!clients.mayRegister(actor)) {
			throw new HavenException("RECORDS_REGISTRATION_NOT_ALLOWED", Kind.FORBIDDEN,
					"clients are registered by the front desk, clinicians and program directors");
		}
		return formPage(actor, model, Map.of());
	}

	@PostMapping("/clients/new")
	String register(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String dateOfBirth,
			@RequestParam(defaultValue = "") String state, @RequestParam(defaultValue = "") String contact,
			@RequestParam(defaultValue = "") String careTeam, Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		clients.requireRegistrar(actor);
		Map<String, String> typed = Map.of("name", name, "dateOfBirth", dateOfBirth, "state", state, "contact",
				contact, "careTeam", careTeam);
		try {
			ClientId id = clients.admit(actor,
					new NewClient(name, ClientsApi.birthDate(dateOfBirth), state, contact.isBlank() ? null : contact),
					ClientsApi.careTeam(careTeam));
			return "redirect:/clients/" + id + "?registered";
		}
		catch (ClientAlreadyRegistered ex) {
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
			ex.visibleExisting().ifPresent(existing -> model.addAttribute("existing", existing.toString()));
			return formPage(actor, model, typed);
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
			return formPage(actor, model, typed);
		}
	}

	/** The results of a search: the client found (if the caller may see them), or "no client found". */
	@PostMapping("/clients/search")
	String search(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String dateOfBirth,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		model.addAttribute("name", name);
		model.addAttribute("dateOfBirth", dateOfBirth);
		model.addAttribute("mayRegister", clients.mayRegister(actor));
		try {
			List<ClientSummary> found = clients.search(actor, name, ClientsApi.searchDate(dateOfBirth));
			model.addAttribute("results", found);
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
		}
		return "client-search";
	}

	private String formPage(Actor actor, Model model, Map<String, String> typed) {
		boolean clinical = actor.has(Role.CLINICIAN) || actor.has(Role.PROGRAM_DIRECTOR);
		model.addAttribute("teams", clinical ? careTeams.teamsOf(actor.org(), actor.user()) : careTeams.teams(actor.org()));
		model.addAttribute("teamOptional", !clinical);
		model.addAttribute("states", Clients.states());
		model.addAttribute("typed", typed);
		model.addAttribute("today", LocalDate.now());
		return "client-new";
	}

}
