package health.haven.records.web;

import health.haven.identity.Actor;
import health.haven.records.Clients;
import health.haven.records.IntakeAssessment;
import health.haven.records.IntakeAssessments;
import health.haven.records.IntakeEdit;
import health.haven.records.IntakeTemplates;
import health.haven.records.intake.IntakeTemplate;
import health.haven.records.intake.IntakeTemplate.Item;
import health.haven.records.internal.ChartState;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Staff pages for a client's intake assessments: the list (and starting one), and one assessment as a form rendered
 * from the template version it was started on (save a draft, sign), or read-only once signed, when the chart is
 * closed or for anyone but its author. Refused changes come back on the same page with the reason and what the person
 * entered, and change nothing.
 */
@Controller
class IntakePages {

	private static final String ANSWER = "answer.";

	private final IntakeAssessments assessments;

	private final IntakeTemplates templates;

	private final Clients clients;

	private final ChartState state;

	IntakePages(IntakeAssessments assessments, IntakeTemplates templates, Clients clients, ChartState state) {
		this.assessments = assessments;
		this.templates = templates;
		this.clients = clients;
		this.state = state;
	}

	@GetMapping("/clients/{id}/intake")
	String list(@PathVariable String id, Model model) {
		Actor actor = StaffPages.staff();
		return showList(actor, ChartRequests.clientId(id), model, null);
	}

	@PostMapping("/clients/{id}/intake")
	String start(@PathVariable String id, @RequestParam Map<String, String> form, Model model,
			HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		try {
			UUID assessment = assessments.start(actor, client, form.get("template"));
			return "redirect:/clients/" + client + "/intake/" + assessment;
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			return showList(actor, client, model, ex.explanation());
		}
	}

	@GetMapping("/clients/{id}/intake/{assessment}")
	String assessment(@PathVariable String id, @PathVariable String assessment, Model model) {
		Actor actor = StaffPages.staff();
		return show(actor, ChartRequests.clientId(id), assessment, model, null, null);
	}

	@PostMapping("/clients/{id}/intake/{assessment}")
	String save(@PathVariable String id, @PathVariable String assessment,
			@RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		try {
			assessments.saveDraft(actor, client, assessment,
					new IntakeEdit(number(form.getFirst("version")), answers(form)));
			return "redirect:/clients/" + client + "/intake/" + assessment + "?saved";
		}
		catch (HavenException ex) {
			return refused(ex, actor, client, assessment, model, response, form);
		}
	}

	@PostMapping("/clients/{id}/intake/{assessment}/sign")
	String sign(@PathVariable String id, @PathVariable String assessment, @RequestParam Map<String, String> form,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ChartRequests.clientId(id);
		try {
			assessments.sign(actor, client, assessment, number(form.get("version")));
			return "redirect:/clients/" + client + "/intake/" + assessment + "?signed";
		}
		catch (HavenException ex) {
			return refused(ex, actor, client, assessment, model, response, null);
		}
	}

	private String showList(Actor actor, ClientId client, Model model, String error) {
		model.addAttribute("assessments", assessments.list(actor, client));
		model.addAttribute("client", clients.find(actor, client, Purpose.TREATMENT));
		model.addAttribute("templates", templates.current(actor));
		model.addAttribute("open", !state.isDischarged(actor.org(), client));
		model.addAttribute("error", error);
		return "intake-list";
	}

	/** A refusal the person can act on is shown on the form, with what they entered; others go to the error page. */
	private String refused(HavenException ex, Actor actor, ClientId client, String assessment, Model model,
			HttpServletResponse response, MultiValueMap<String, String> form) {
		boolean actionable = ex.code().startsWith("RECORDS_INTAKE_")
				&& (ex.kind() == Kind.BAD_REQUEST || ex.kind() == Kind.CONFLICT || ex.kind() == Kind.FORBIDDEN);
		if (!actionable) {
			throw ex;
		}
		response.setStatus(ex.kind().status());
		return show(actor, client, assessment, model, ex.explanation(),
				form != null && ex.kind() == Kind.BAD_REQUEST ? form : null);
	}

	private String show(Actor actor, ClientId client, String assessmentId, Model model, String error,
			MultiValueMap<String, String> entered) {
		IntakeAssessment assessment = assessments.find(actor, client, assessmentId);
		boolean editable = !assessment.signed() && assessment.author().equals(actor.user())
				&& assessment.withheld().isEmpty() && !state.isDischarged(actor.org(), client);
		Map<String, String> values = new LinkedHashMap<>();
		Map<String, List<String>> selected = new LinkedHashMap<>();
		if (entered != null) {
			entered.forEach((name, given) -> {
				if (name.startsWith(ANSWER)) {
					values.put(name.substring(ANSWER.length()), given.isEmpty() ? "" : given.get(0));
					selected.put(name.substring(ANSWER.length()), given);
				}
			});
		}
		else {
			assessment.answers().forEach((item, value) -> {
				values.put(item, text(value));
				selected.put(item, value instanceof List<?> list ? list.stream().map(String::valueOf).toList()
						: List.of(text(value)));
			});
		}
		model.addAttribute("assessment", assessment);
		model.addAttribute("template", assessment.template());
		model.addAttribute("client", clients.find(actor, client, Purpose.TREATMENT));
		model.addAttribute("values", values);
		model.addAttribute("selected", selected);
		model.addAttribute("shown", shown(assessment.template(), assessment.answers()));
		model.addAttribute("editable", editable);
		model.addAttribute("today", LocalDate.now(ZoneOffset.UTC).toString());
		model.addAttribute("error", error);
		return "intake";
	}

	/** Each answer in words for the read-only view: choices by their labels, yes/no, numbers and dates as written. */
	private static Map<String, String> shown(IntakeTemplate template, Map<String, Object> answers) {
		Map<String, String> shown = new LinkedHashMap<>();
		answers.forEach((id, value) -> {
			Item item = template.item(id).orElseThrow();
			String words = switch (item.type()) {
				case SINGLE_CHOICE -> item.choice((String) value).map(IntakeTemplate.Choice::label).orElse("");
				case MULTIPLE_CHOICE -> String.join("; ", ((List<?>) value).stream()
					.map(chosen -> item.choice((String) chosen).map(IntakeTemplate.Choice::label).orElse(""))
					.toList());
				case YES_NO -> Boolean.TRUE.equals(value) ? "Yes" : "No";
				default -> text(value);
			};
			shown.put(id, words);
		});
		return shown;
	}

	private static String text(Object value) {
		if (value instanceof Boolean yes) {
			return yes ? "yes" : "no";
		}
		if (value instanceof BigDecimal number) {
			return number.toPlainString();
		}
		return String.valueOf(value);
	}

	/**
	 * The form's answers as the API would send them: every {@code answer.<item>} field, a list for the checkboxes of
	 * a multiple choice item, text for the rest (numbers, dates and yes/no are read from text by the checks).
	 */
	private Map<String, JsonNode> answers(MultiValueMap<String, String> form) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		Map<String, JsonNode> answers = new LinkedHashMap<>();
		form.forEach((name, given) -> {
			if (!name.startsWith(ANSWER)) {
				return;
			}
			String item = name.substring(ANSWER.length());
			if (given.size() > 1 || isMultiple(form, item)) {
				ArrayNode list = nodes.arrayNode();
				given.forEach(list::add);
				answers.put(item, list);
			}
			else {
				answers.put(item, nodes.stringNode(given.isEmpty() ? "" : given.get(0)));
			}
		});
		return answers;
	}

	/** The form names the multiple choice items it shows, so that one ticked box is still read as a list. */
	private static boolean isMultiple(MultiValueMap<String, String> form, String item) {
		List<String> multiple = form.getOrDefault("multiple", new ArrayList<>());
		return multiple.contains(item);
	}

	private static Integer number(String value) {
		try {
			return value == null ? null : Integer.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}


}
