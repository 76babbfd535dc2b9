package health.haven.records;

import health.haven.shared.UserId;
import java.time.Instant;
import java.util.UUID;

/** An assessment in a client's list: which template version, by whom, where it stands; none of its answers. */
public record IntakeAssessmentSummary(UUID id, UserId author, String templateKey, int templateVersion,
		String templateTitle, Instant startedAt, Instant signedAt) {

	public boolean signed() {
		return signedAt != null;
	}

}
