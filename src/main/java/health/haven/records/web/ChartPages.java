package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.records.Clients;
import health.haven.records.Diagnoses;
import health.haven.records.DiagnosisCodes;
import health.haven.records.Medications;
import health.haven.records.NewDiagnosis;
import health.haven.records.TreatmentPlans;
import health.haven.records.plan.PlanContent;
import health.haven.records.plan.TreatmentPlan;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff pages for a client's diagnoses, medications and allergies, and treatment plan. A refused change (bad input,
 * a stale edit) shows the page again with the reason and changes nothing; anything else (not found, forbidden)
 * becomes the friendly error page.
 */
@Controller
class ChartPages {

	private final Clients clients;

	private final Diagnoses diagnoses;

	private final Medications medications;

	private final TreatmentPlans plans;

	private final DiagnosisCodes codes;

	private final AccessDecisions decisions;

	ChartPages(Clients clients, Diagnoses diagnoses, Medications medications, TreatmentPlans plans,
			DiagnosisCodes codes, AccessDecisions decisions) {
		this.clients = clients;
		this.diagnoses = diagnoses;
		this.medications = medications;
		this.plans = plans;
		this.codes = codes;
		this.decisions = decisions;
	}

	@GetMapping("/clients/{id}/diagnoses")
	String diagnoses(@PathVariable String id, Model model) {
		return diagnosesPage(StaffPages.staff(), ChartRequests.clientId(id), model);
	}

	@PostMapping("/clients/{id}/diagnoses")
	String addDiagnosis(@PathVariable String id, @RequestParam(defaultValue = "") String code,
			@RequestParam(defaultValue = "") String onset, @RequestParam(defaultValue = "false") boolean primary,
			@RequestParam(defaultValue = "") String category, Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		return attempt(() -> diagnoses.record(actor, client,
				new NewDiagnosis(code, StaffPages.date(onset), primary, category.isBlank() ? null : category)),
				"redirect:/clients/" + client + "/diagnoses?added",
				error -> diagnosesPage(actor, client, model.addAttribute("error", error)), response);
	}

	@PostMapping("/clients/{id}/diagnoses/status")
	String changeDiagnosis(@PathVariable String id, @RequestParam(defaultValue = "") String diagnosis,
			@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "false") boolean primary,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		return attempt(() -> diagnoses.change(actor, client, ChartRequests.optionalUuid(diagnosis), status, primary),
				"redirect:/clients/" + client + "/diagnoses?changed",
				error -> diagnosesPage(actor, client, model.addAttribute("error", error)), response);
	}

	@PostMapping("/clients/{id}/medications")
	String recordMedications(@PathVariable String id, @RequestParam(defaultValue = "") String medications,
			@RequestParam(defaultValue = "") String allergies, @RequestParam(defaultValue = "0") int basedOn,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		return attempt(() -> this.medications.record(actor, client, medications, allergies, basedOn, null),
				"redirect:/clients/" + client + "/diagnoses?medications",
				error -> diagnosesPage(actor, client, model.addAttribute("error", error)), response);
	}

	@GetMapping("/clients/{id}/plan")
	String plan(@PathVariable String id, Model model) {
		return planPage(StaffPages.staff(), ChartRequests.clientId(id), model);
	}

	/** Adds one problem with its first goal, objective and intervention (the page's way of growing a plan). */
	@PostMapping("/clients/{id}/plan/problems")
	String addProblem(@PathVariable String id, @RequestParam(defaultValue = "") String problem,
			@RequestParam(defaultValue = "") String goal, @RequestParam(defaultValue = "") String goalTarget,
			@RequestParam(defaultValue = "") String objective, @RequestParam(defaultValue = "") String objectiveTarget,
			@RequestParam(defaultValue = "") String intervention, @RequestParam(defaultValue = "") String frequency,
			@RequestParam(defaultValue = "0") int basedOn, @RequestParam(defaultValue = "") String category,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		return attempt(() -> {
			PlanContent.Problem added = new PlanContent.Problem(problem,
					List.of(new PlanContent.Goal(goal, StaffPages.date(goalTarget),
							List.of(new PlanContent.Objective(objective, StaffPages.date(objectiveTarget),
									List.of(new PlanContent.Intervention(intervention,
											frequency.isBlank() ? null : frequency.strip())))))));
			List<PlanContent.Problem> problems = new ArrayList<>();
			if (basedOn > 0) {
				plans.of(actor, client, Purpose.TREATMENT).ifPresent(plan -> problems.addAll(plan.content().problems()));
			}
			problems.add(added);
			plans.save(actor, client, new PlanContent(problems), basedOn, category.isBlank() ? null : category);
		}, "redirect:/clients/" + client + "/plan?saved",
				error -> planPage(actor, client, model.addAttribute("error", error)), response);
	}

	@PostMapping("/clients/{id}/plan/review")
	String review(@PathVariable String id, @RequestParam(defaultValue = "0") int version, Model model,
			HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		return attempt(() -> plans.review(actor, client, version), "redirect:/clients/" + client + "/plan?reviewed",
				error -> planPage(actor, client, model.addAttribute("error", error)), response);
	}

	@PostMapping("/clients/{id}/plan/agreement")
	String agreement(@PathVariable String id, @RequestParam(defaultValue = "0") int version,
			@RequestParam(defaultValue = "") String agreedBy, Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		return attempt(() -> plans.recordAgreement(actor, client, version, agreedBy),
				"redirect:/clients/" + client + "/plan?agreed",
				error -> planPage(actor, client, model.addAttribute("error", error)), response);
	}

	private String diagnosesPage(Actor actor, ClientId client, Model model) {
		Purpose purpose = decisions.usualPurpose(actor);
		model.addAttribute("diagnoses", diagnoses.of(actor, client, purpose));
		model.addAttribute("medications", medications.of(actor, client, purpose));
		model.addAttribute("client", clients.find(actor, client, purpose));
		model.addAttribute("codes", codes.all());
		model.addAttribute("today", LocalDate.now());
		return "client-diagnoses";
	}

	private String planPage(Actor actor, ClientId client, Model model) {
		Purpose purpose = decisions.usualPurpose(actor);
		Optional<TreatmentPlan> plan = plans.of(actor, client, purpose);
		model.addAttribute("plan", plan.orElse(null));
		model.addAttribute("client", clients.find(actor, client, purpose));
		model.addAttribute("today", LocalDate.now());
		return "client-plan";
	}

	/**
	 * Runs a change; on a refusal the user can act on (bad input, a stale edit) shows the page again with the reason
	 * and the refusal's status.
	 */
	private static String attempt(Runnable change, String done, java.util.function.Function<String, String> again,
			HttpServletResponse response) {
		try {
			change.run();
			return done;
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST && ex.kind() != Kind.CONFLICT) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			return again.apply(ex.explanation());
		}
	}

}
