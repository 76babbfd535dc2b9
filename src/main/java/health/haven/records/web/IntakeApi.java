package health.haven.records.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.IntakeAssessment;
import health.haven.records.IntakeAssessmentSummary;
import health.haven.records.IntakeAssessments;
import health.haven.records.IntakeEdit;
import health.haven.shared.ClientId;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client's intake assessments over JSON. Bodies are read here rather than bound by Spring so that the client is
 * decided (404 outside one's care) before the body is judged. Changes are POSTs (start, save, sign).
 */
@RestController
@RequestMapping("/api/v1/clients/{id}/intake")
class IntakeApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final IntakeAssessments assessments;

	IntakeApi(IntakeAssessments assessments) {
		this.assessments = assessments;
	}

	@Operation(summary = "The client's intake assessments, newest first, without their answers")
	@GetMapping
	List<SummaryJson> list(@PathVariable String id) {
		return assessments.list(CurrentActor.require(), ChartRequests.clientId(id))
			.stream()
			.map(SummaryJson::of)
			.toList();
	}

	@Operation(summary = "Start an intake assessment on the current version of a template: {template: key}")
	@PostMapping
	ResponseEntity<AssessmentJson> start(@PathVariable String id, @RequestBody(required = false) String body) {
		Actor actor = CurrentActor.require();
		ClientId client = ChartRequests.clientId(id);
		JsonNode json = parse(body);
		JsonNode template = json.get("template");
		UUID assessment = assessments.start(actor, client,
				template == null || !template.isString() ? null : template.asString());
		return ResponseEntity.created(URI.create("/api/v1/clients/" + client + "/intake/" + assessment))
			.body(AssessmentJson.of(assessments.find(actor, client, assessment.toString())));
	}

	@Operation(summary = "One assessment with the answers the caller may read (Part 2 sections withheld from readers "
			+ "without Part 2 access); 404 outside the caller's care")
	@GetMapping("/{assessment}")
	AssessmentJson get(@PathVariable String id, @PathVariable String assessment) {
		return AssessmentJson.of(assessments.find(CurrentActor.require(), ChartRequests.clientId(id), assessment));
	}

	@Operation(summary = "Save a draft: {version, answers: {itemId: value}} (replaces every answer); 400 naming the "
			+ "item for an answer that does not fit the template; 409 when signed or saved meanwhile")
	@PostMapping("/{assessment}")
	AssessmentJson save(@PathVariable String id, @PathVariable String assessment,
			@RequestBody(required = false) String body) {
		Actor actor = CurrentActor.require();
		ClientId client = ChartRequests.clientId(id);
		JsonNode json = parse(body);
		assessments.saveDraft(actor, client, assessment, new IntakeEdit(version(json), answers(json)));
		return AssessmentJson.of(assessments.find(actor, client, assessment));
	}

	@Operation(summary = "Sign a draft as of {version}: every required item answered; locks it and keeps its hash")
	@PostMapping("/{assessment}/sign")
	AssessmentJson sign(@PathVariable String id, @PathVariable String assessment,
			@RequestBody(required = false) String body) {
		Actor actor = CurrentActor.require();
		ClientId client = ChartRequests.clientId(id);
		assessments.sign(actor, client, assessment, version(parse(body)));
		return AssessmentJson.of(assessments.find(actor, client, assessment));
	}

	private static JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return JSON.createObjectNode();
		}
		try {
			JsonNode json = JSON.readTree(body);
			return json != null && json.isObject() ? json : JSON.createObjectNode();
		}
		catch (RuntimeException ex) {
			return JSON.createObjectNode();
		}
	}

	private static Integer version(JsonNode json) {
		JsonNode value = json.get("version");
		return value != null && value.isInt() ? value.asInt() : null;
	}

	private static Map<String, JsonNode> answers(JsonNode json) {
		Map<String, JsonNode> answers = new LinkedHashMap<>();
		JsonNode given = json.get("answers");
		if (given != null && given.isObject()) {
			for (Map.Entry<String, JsonNode> entry : given.properties()) {
				answers.put(entry.getKey(), entry.getValue());
			}
		}
		return answers;
	}

	record TemplateRef(String key, int version, String title) {
	}

	record SummaryJson(String id, String author, TemplateRef template, String status, Instant startedAt,
			Instant signedAt) {

		static SummaryJson of(IntakeAssessmentSummary summary) {
			return new SummaryJson(summary.id().toString(), summary.author().toString(),
					new TemplateRef(summary.templateKey(), summary.templateVersion(), summary.templateTitle()),
					summary.signed() ? "SIGNED" : "DRAFT", summary.startedAt(), summary.signedAt());
		}

	}

	record AssessmentJson(String id, String client, String author, TemplateRef template, int version, String status,
			Instant startedAt, Instant updatedAt, Instant signedAt, String contentHash, Map<String, Object> answers,
			Set<String> withheldSections) {

		static AssessmentJson of(IntakeAssessment assessment) {
			return new AssessmentJson(assessment.id().toString(), assessment.client().toString(),
					assessment.author().toString(),
					new TemplateRef(assessment.template().key(), assessment.template().version(),
							assessment.template().title()),
					assessment.version(), assessment.signed() ? "SIGNED" : "DRAFT", assessment.startedAt(),
					assessment.updatedAt(), assessment.signedAt(), assessment.contentHash(), assessment.answers(),
					assessment.withheld());
		}

		@Override
		public String toString() {
			return "AssessmentJson[id=" + id + "]";
		}

	}

}
