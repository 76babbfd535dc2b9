package health.haven.records;

import health.haven.consent.DataCategory;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.util.UUID;

/** A document on a client's chart, without its bytes: what the list shows. */
public record DocumentSummary(UUID id, @Phi String title, String kind, String contentType, int size,
		DataCategory category, UUID uploadedBy, Instant uploadedAt) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
