package health.haven.records;

import health.haven.records.intake.IntakeTemplate;
import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One intake assessment as its reader sees it, with the template version it was started on.
 *
 * @param answers item id to answer in normal form (see {@code IntakeAnswers}), in template order; unanswered items
 * are absent
 * @param withheld the ids of the template's Part 2 (substance use) sections whose answers this reader may not see:
 * left out of {@code answers}, to be shown as withheld rather than as unanswered
 * @param version the draft's version, to send back with a save or the signature
 * @param contentHash SHA-256 (hex) of the canonical form of the signed answers; null for a draft
 */
public record IntakeAssessment(UUID id, ClientId client, UserId author, IntakeTemplate template, int version,
		Instant startedAt, Instant updatedAt, Instant signedAt, String contentHash, @Phi Map<String, Object> answers,
		Set<String> withheld) {

	public boolean signed() {
		return signedAt != null;
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
