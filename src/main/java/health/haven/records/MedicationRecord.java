package health.haven.records;

import health.haven.consent.DataCategory;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;

/**
 * Medications and allergies as the clinician recorded them. Version 0 means nothing is recorded yet; an edit names
 * the version it started from.
 */
public record MedicationRecord(@Phi String medications, @Phi String allergies, DataCategory category, int version,
		Instant updatedAt) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
