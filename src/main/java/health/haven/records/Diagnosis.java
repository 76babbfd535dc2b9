package health.haven.records;

import health.haven.consent.DataCategory;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One diagnosis on a client's chart. The code reveals the condition, so it is PHI (sealed at rest); the ICD-10-CM
 * title comes from the public code list.
 *
 * @param status {@code active} or {@code resolved}
 * @param primary the diagnosis listed first (at most one, and only an active one)
 */
public record Diagnosis(UUID id, @Phi String code, @Phi String title, @Phi LocalDate onset, String status,
		boolean primary, DataCategory category, Instant recordedAt) {

	public boolean active() {
		return "active".equals(status);
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
