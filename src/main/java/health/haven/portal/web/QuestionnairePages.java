package health.haven.portal.web;

import health.haven.consent.ClientConsents;
import health.haven.consent.DataCategory;
import health.haven.records.Instrument;
import health.haven.records.Measure;
import health.haven.records.Measures;
import health.haven.records.QuestionnaireSchedule;
import health.haven.records.QuestionnaireSchedules;
import health.haven.records.trend.TrendChart;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The questionnaires assigned to the client: what is due, the form (one question per fieldset, the four answers as
 * radio buttons), and the results with the same trend chart the care team sees. A questionnaire is scored by records
 * ({@link Measures#submit}): a PHQ-9 item 9 above 0 opens the care team's safety task there, and the result page
 * tells the client that their team knows and where to get help now. A missing or invalid answer comes back on the
 * form (400) with the answers given, and nothing is written.
 */
@Controller
class QuestionnairePages {

	private final ClientConsents consents;

	private final QuestionnaireSchedules schedules;

	private final Measures measures;

	QuestionnairePages(ClientConsents consents, QuestionnaireSchedules schedules, Measures measures) {
		this.consents = consents;
		this.schedules = schedules;
		this.measures = measures;
	}

	@GetMapping("/portal/questionnaires")
	String list(@RequestParam(required = false) String done, Model model) {
		PortalClient client = PortalClient.current(consents);
		List<QuestionnaireSchedule> assigned = schedules.of(client.actor(), client.client(), Purpose.PATIENT_REQUEST);
		List<Measure> taken = new ArrayList<>(
				measures.history(client.actor(), client.client(), DataCategory.GENERAL, Purpose.PATIENT_REQUEST));
		if (assigned.stream().anyMatch(schedule -> schedule.category() == DataCategory.SUD_PART2)) {
			taken.addAll(measures.history(client.actor(), client.client(), DataCategory.SUD_PART2,
					Purpose.PATIENT_REQUEST));
			taken.sort(Comparator.comparing(Measure::submittedAt));
		}
		model.addAttribute("assigned", assigned);
		model.addAttribute("chart", taken.isEmpty() ? null : TrendChart.svg(taken));
		List<Measure> newestFirst = new ArrayList<>(taken);
		newestFirst.sort(Comparator.comparing(Measure::submittedAt).reversed());
		model.addAttribute("results", newestFirst);
		model.addAttribute("justDone",
				done == null ? null : taken.stream().filter(m -> m.id().toString().equals(done)).findFirst().orElse(null));
		return "portal-questionnaires";
	}

	@GetMapping("/portal/questionnaires/{instrument}")
	String form(@PathVariable String instrument, Model model) {
		PortalClient client = PortalClient.current(consents);
		return form(assigned(client, instrument), Map.of(), model);
	}

	/** The form names each answer item1, item2, ...: exactly one per question, each 0 to 3. */
	@PostMapping("/portal/questionnaires/{instrument}")
	String submit(@PathVariable String instrument, @RequestParam Map<String, String> form, Model model,
			HttpServletResponse response) {
		PortalClient client = PortalClient.current(consents);
		QuestionnaireSchedule schedule = assigned(client, instrument);
		List<Integer> answers = new ArrayList<>();
		for (int i = 1; i <= schedule.instrument().items().size(); i++) {
			answers.add(answer(form.get("item" + i)));
		}
		Measure measure;
		try {
			measure = measures.submit(client.actor(), client.client(), schedule.instrument().title(), answers,
					schedule.category(), Purpose.PATIENT_REQUEST);
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", answers.contains(null)
					? "Please answer every question: " + unanswered(answers) + "." : ex.explanation());
			return form(schedule, form, model);
		}
		return "redirect:/portal/questionnaires?done=" + measure.id();
	}

	private String form(QuestionnaireSchedule schedule, Map<String, String> given, Model model) {
		model.addAttribute("schedule", schedule);
		model.addAttribute("instrument", schedule.instrument());
		model.addAttribute("stem", Instrument.STEM);
		model.addAttribute("answerLabels", Instrument.ANSWERS);
		model.addAttribute("given", given);
		return "portal-questionnaire";
	}

	/** The client's schedule in force for this questionnaire; one not assigned to them is "not found". */
	private QuestionnaireSchedule assigned(PortalClient client, String instrument) {
		Instrument named;
		try {
			named = Instrument.named(instrument);
		}
		catch (HavenException ex) {
			throw notAssigned();
		}
		return schedules.forInstrument(client.actor(), client.client(), named, Purpose.PATIENT_REQUEST)
			.orElseThrow(QuestionnairePages::notAssigned);
	}

	private static Integer answer(String value) {
		try {
			return value == null ? null : Integer.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static String unanswered(List<Integer> answers) {
		List<String> missing = new ArrayList<>();
		for (int i = 0; i < answers.size(); i++) {
			if (answers.get(i) == null) {
				missing.add("question " + (i + 1));
			}
		}
		return String.join(", ", missing);
	}

	private static HavenException notAssigned() {
		return new HavenException("PORTAL_QUESTIONNAIRE_NOT_ASSIGNED", Kind.NOT_FOUND,
				"this questionnaire is not assigned to you");
	}

}
