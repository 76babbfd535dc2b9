package health.haven.records;

import health.haven.consent.DataCategory;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.util.UUID;

/**
 * A document on a client's chart, without its bytes: what the list shows.
 *
 * @param sharedAt when staff shared it with the client (who then lists and downloads it in the portal); null if not
 */
public record DocumentSummary(UUID id, @Phi String title, String kind, String contentType, int size,
		DataCategory category, UUID uploadedBy, Instant uploadedAt, Instant sharedAt) {

	public boolean shared() {
		return sharedAt != null;
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
