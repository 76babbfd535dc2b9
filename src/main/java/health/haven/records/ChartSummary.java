package health.haven.records;

import health.haven.records.plan.TreatmentPlan;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.List;
import java.util.Optional;

/**
 * What a clinician sees first on opening a chart: who the client is (registry and profile: preferred name, pronouns,
 * emergency contact, risk flags; insurance only for those who may see it), their current treatment plan (with its
 * review due date) and their latest progress notes.
 *
 * @param plan empty until a plan is written
 * @param recentNotes at most {@link ChartSummaries#RECENT_NOTES}, newest first, psychotherapy notes never among them
 */
public record ChartSummary(@Phi ClientSummary client, @Phi ClientProfile profile, @Phi Optional<TreatmentPlan> plan,
		@Phi List<ProgressNote> recentNotes) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
