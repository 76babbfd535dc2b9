package health.haven.records;

import health.haven.records.ProgressNotes.CopiedNote;
import health.haven.records.plan.TreatmentPlan;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything of the client's designated record set that Haven holds and the client may have, gathered once for one
 * copy and rendered as PDF ({@link RecordPdf}) and FHIR ({@link RecordBundle}). Psychotherapy notes are never in it.
 *
 * @param staffNames display names of the staff who wrote notes or decided amendments
 */
@Phi
record RecordCopy(Instant generatedAt, ClientSummary client, ClientProfile profile, List<Diagnosis> diagnoses,
		MedicationRecord medications, Optional<TreatmentPlan> plan, List<Measure> measures, List<CopiedNote> notes,
		List<DocumentFile> documents, List<DocumentSummary> documentSummaries, List<AmendmentRequest> amendments,
		Map<UserId, String> staffNames) {

	/** Whether anything in the copy is labelled as a Part 2 (substance use disorder) record. */
	boolean hasPartTwo() {
		return diagnoses.stream().anyMatch(d -> d.category() == health.haven.consent.DataCategory.SUD_PART2)
				|| notes.stream().anyMatch(n -> n.category() == health.haven.consent.DataCategory.SUD_PART2)
				|| measures.stream().anyMatch(m -> m.category() == health.haven.consent.DataCategory.SUD_PART2)
				|| medications.category() == health.haven.consent.DataCategory.SUD_PART2
				|| plan.map(p -> p.category() == health.haven.consent.DataCategory.SUD_PART2).orElse(false);
	}

	String staff(UserId user) {
		return user == null ? "" : staffNames.getOrDefault(user, "A member of staff");
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
