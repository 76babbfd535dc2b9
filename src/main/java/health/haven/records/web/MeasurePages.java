package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.records.Measure;
import health.haven.records.trend.TrendChart;
import health.haven.records.Instrument;
import health.haven.records.Measures;
import health.haven.records.QuestionnaireSchedules;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.ArrayList;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The staff page of one client's measures: the trend chart, every questionnaire with its total and band, the open
 * safety tasks (closed here by whoever follows them up) and a form to enter a PHQ-9 or GAD-7 given in session.
 */
@Controller
class MeasurePages {

	private final Measures measures;

	private final AccessDecisions decisions;

	private final QuestionnaireSchedules schedules;

	MeasurePages(Measures measures, AccessDecisions decisions, QuestionnaireSchedules schedules) {
		this.measures = measures;
		this.decisions = decisions;
		this.schedules = schedules;
	}

	@GetMapping("/clients/{id}/measures")
	String page(@PathVariable String id, @RequestParam(required = false) String category, Model model) {
		Actor actor = StaffPages.staff();
		ClientId client = MeasuresApi.clientId(id);
		List<Measure> found = measures.history(actor, client, MeasuresApi.category(category),
				decisions.usualPurpose(actor));
		model.addAttribute("clientId", client.toString());
		List<Measure> newestFirst = new ArrayList<>(found);
		java.util.Collections.reverse(newestFirst);
		model.addAttribute("measures", newestFirst);
		model.addAttribute("openTasks", measures.openTasks(actor, client, decisions.usualPurpose(actor)));
		model.addAttribute("chart", TrendChart.svg(found));
		model.addAttribute("instruments", List.of(Instrument.PHQ9, Instrument.GAD7));
		model.addAttribute("stem", Instrument.STEM);
		model.addAttribute("answerLabels", Instrument.ANSWERS);
		model.addAttribute("schedules", schedules.of(actor, client, decisions.usualPurpose(actor)));
		model.addAttribute("today", LocalDate.now());
		return "measures";
	}

	/**
	 * Assigns a questionnaire on a schedule (the client fills it in in the portal when due). Bad input comes back on
	 * the page with the reason and writes nothing.
	 */
	@PostMapping("/clients/{id}/measures/assignments")
	String assign(@PathVariable String id, @RequestParam Map<String, String> form, Model model,
			HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = MeasuresApi.clientId(id);
		Integer every;
		try {
			every = Integer.valueOf(form.getOrDefault("everyDays", "").strip());
		}
		catch (NumberFormatException ex) {
			every = null;
		}
		try {
			schedules.assign(actor, client, form.get("instrument"), every, StaffPages.date(form.get("firstDue")),
					form.get("category"));
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("assignError", ex.explanation());
			return page(id, form.get("category"), model);
		}
		return "redirect:/clients/" + client + "/measures?assigned";
	}

	@PostMapping("/clients/{id}/measures/assignments/{assignment}/end")
	String endAssignment(@PathVariable String id, @PathVariable String assignment) {
		ClientId client = MeasuresApi.clientId(id);
		schedules.end(StaffPages.staff(), client, assignment);
		return "redirect:/clients/" + client + "/measures?ended";
	}

	/** The form names each answer item1, item2, ...; a missing or unreadable one is refused whole. */
	@PostMapping("/clients/{id}/measures")
	String submit(@PathVariable String id, @RequestParam Map<String, String> form) {
		Actor actor = StaffPages.staff();
		ClientId client = MeasuresApi.clientId(id);
		List<Integer> answers = new ArrayList<>();
		for (int i = 1; form.containsKey("item" + i); i++) {
			try {
				answers.add(Integer.valueOf(form.get("item" + i).strip()));
			}
			catch (NumberFormatException ex) {
				answers.add(null);
			}
		}
		measures.submit(actor, client, form.get("instrument"), answers, MeasuresApi.category(form.get("category")),
				decisions.usualPurpose(actor));
		return "redirect:/clients/" + client + "/measures?submitted";
	}

	@PostMapping("/clients/{id}/measures/safety-tasks/{task}/close")
	String close(@PathVariable String id, @PathVariable String task) {
		Actor actor = StaffPages.staff();
		ClientId client = MeasuresApi.clientId(id);
		UUID taskId;
		try {
			taskId = UUID.fromString(task);
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("RECORDS_SAFETY_TASK_NOT_OPEN", Kind.CONFLICT, "no such open safety task");
		}
		measures.closeTask(actor, client, taskId);
		return "redirect:/clients/" + client + "/measures?closed";
	}

}
