package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.ChartSummaries;
import health.haven.records.ChartSummary;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chart summary over JSON: demographics, the current treatment plan and the latest notes with their text, each
 * part decided and audited by its own service.
 */
@RestController
class ChartSummaryApi {

	private final ChartSummaries summaries;

	private final AccessDecisions decisions;

	ChartSummaryApi(ChartSummaries summaries, AccessDecisions decisions) {
		this.summaries = summaries;
		this.decisions = decisions;
	}

	@Operation(summary = "A client's chart summary: demographics and profile, current treatment plan, latest progress "
			+ "notes; 403 for those who may not see clinical content")
	@GetMapping("/api/v1/clients/{id}/summary")
	SummaryJson summary(@PathVariable String id, @RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		ChartSummary summary = summaries.of(actor, ChartRequests.clientId(id),
				ChartRequests.purpose(decisions, actor, purpose));
		return new SummaryJson(ClientsApi.ClientJson.of(summary.client()),
				ClientProfileApi.ProfileJson.of(summary.profile()),
				summary.plan().map(TreatmentPlanApi.PlanJson::of).orElse(TreatmentPlanApi.PlanJson.NONE),
				summary.recentNotes().stream().map(note -> ProgressNotesApi.NoteJson.of(note, List.of())).toList());
	}

	record SummaryJson(@Phi ClientsApi.ClientJson client, @Phi ClientProfileApi.ProfileJson profile,
			@Phi TreatmentPlanApi.PlanJson plan,
			@Phi List<ProgressNotesApi.NoteJson> recentNotes) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

}
