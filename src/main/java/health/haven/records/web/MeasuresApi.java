package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.Measure;
import health.haven.records.trend.TrendChart;
import health.haven.records.Measures;
import health.haven.records.SafetyTask;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * PHQ-9 and GAD-7 over JSON: submit one (the client themself, or their care team), list a client's with their
 * totals and bands, and the trend chart as SVG. The caller acts for their usual purpose (PATIENT_REQUEST for a
 * client, TREATMENT for clinical staff); the category defaults to GENERAL.
 */
@RestController
@RequestMapping("/api/v1/clients/{id}/measures")
class MeasuresApi {

	private final Measures measures;

	private final AccessDecisions decisions;

	private final JsonMapper json = JsonMapper.builder().build();

	MeasuresApi(Measures measures, AccessDecisions decisions) {
		this.measures = measures;
		this.decisions = decisions;
	}

	@Operation(summary = "A client's questionnaires, oldest first, with totals and severity bands")
	@GetMapping
	MeasuresJson list(@PathVariable String id, @RequestParam(required = false) String category) {
		Actor actor = CurrentActor.require();
		ClientId client = clientId(id);
		List<Measure> found = measures.history(actor, client, category(category), decisions.usualPurpose(actor));
		return new MeasuresJson(found.stream().map(MeasureJson::of).toList(),
				measures.openTasks(actor, client, decisions.usualPurpose(actor)).stream().map(TaskJson::of).toList());
	}

	/**
	 * The body is read as text and parsed only after the access decision, so that a caller outside the client's care
	 * learns "not found" whatever they send, and anyone else gets a clear 400 for a body that is not a questionnaire.
	 */
	@Operation(summary = "Submit a PHQ-9 or GAD-7: {\"instrument\": \"PHQ-9\", \"answers\": [0, 1, ...]}")
	@PostMapping
	ResponseEntity<MeasureJson> submit(@PathVariable String id, @RequestParam(required = false) String category,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = Submission.class))) @RequestBody(required = false) String body) {
		Actor actor = CurrentActor.require();
		Submission submission = parse(body);
		Measure measure = measures.submit(actor, clientId(id), submission.instrument(), submission.answers(),
				category(category), decisions.usualPurpose(actor));
		return ResponseEntity.status(201).body(MeasureJson.of(measure));
	}

	@Operation(summary = "The client's PHQ-9 and GAD-7 totals over time with severity bands, as SVG")
	@GetMapping("/trend.svg")
	ResponseEntity<String> trend(@PathVariable String id, @RequestParam(required = false) String category) {
		Actor actor = CurrentActor.require();
		List<Measure> found = measures.history(actor, clientId(id), category(category),
				decisions.usualPurpose(actor));
		return ResponseEntity.ok()
			.contentType(MediaType.valueOf("image/svg+xml"))
			.header("Cache-Control", "no-store")
			.body(TrendChart.svg(found));
	}

	/** A body that is not a questionnaire becomes one without an instrument: refused as such after the decision. */
	private Submission parse(String body) {
		if (body == null || body.isBlank()) {
			return new Submission(null, null);
		}
		try {
			return json.readValue(body, Submission.class);
		}
		catch (JacksonException ex) {
			return new Submission(null, null);
		}
	}

	static DataCategory category(String category) {
		if (category == null || category.isBlank()) {
			return DataCategory.GENERAL;
		}
		try {
			return DataCategory.valueOf(category.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("RECORDS_MEASURE_CATEGORY", Kind.BAD_REQUEST,
					"a questionnaire is GENERAL or SUD_PART2 information");
		}
	}

	static ClientId clientId(String id) {
		try {
			return new ClientId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("CLIENT_NOT_FOUND", Kind.NOT_FOUND, "no such client");
		}
	}

	record Submission(String instrument, List<Integer> answers) {
	}

	record MeasuresJson(List<MeasureJson> measures, List<TaskJson> openSafetyTasks) {

		@Override
		public String toString() {
			return "MeasuresJson[" + measures.size() + "]";
		}

	}

	/**
	 * @param safetyFollowUp when PHQ-9 item 9 is above 0: what the person who submitted it (often the client, from the
	 * portal) needs to read at once; null otherwise
	 */
	record MeasureJson(String id, String instrument, String panelLoinc, String totalLoinc, List<Integer> answers,
			int total, String band, boolean safetyConcern, String safetyFollowUp, String category,
			Instant submittedAt) {

		static final String SAFETY_FOLLOW_UP = "Your care team has been alerted and will follow up with you. If you "
				+ "are in crisis or thinking of harming yourself, call or text 988 (Suicide & Crisis Lifeline) or "
				+ "call 911 now.";

		static MeasureJson of(Measure measure) {
			return new MeasureJson(measure.id().toString(), measure.instrument().title(),
					measure.instrument().panelLoinc(), measure.instrument().totalLoinc(), measure.answers(),
					measure.total(), measure.band(), measure.safetyConcern(),
					measure.safetyConcern() ? SAFETY_FOLLOW_UP : null, measure.category().name(),
					measure.submittedAt());
		}

		@Override
		public String toString() {
			return "MeasureJson[id=" + id + "]";
		}

	}

	record TaskJson(String id, String kind, Instant openedAt) {

		static TaskJson of(SafetyTask task) {
			return new TaskJson(task.id().toString(), task.kind(), task.openedAt());
		}

	}

}
