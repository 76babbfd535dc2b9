package health.haven.incidents;

import health.haven.shared.UserId;
import java.time.Instant;
import java.util.UUID;

/**
 * One security incident as the privacy officer sees it.
 *
 * <p>The description is the reporter's own words: sealed at rest and never logged, since a person reporting
 * suspicious activity may name people or describe health information. It belongs to no client's record, so it is not
 * client data for access decisions; only the privacy officer reads it, and every reading is audited.
 *
 * @param reference a short reference the reporter is given (e.g. {@code SEC-7K2Q9D}), to quote when they call
 * @param description the reporter's words; null in lists
 * @param reporterName the reporter's display name
 */
public record Incident(UUID id, String reference, String kind, UserId reportedBy, String reporterName,
		Instant reportedAt, String status, String description) {

	@Override
	public String toString() {
		return "Incident[" + id + ", " + reference + ", " + kind + ", " + status + "]";
	}

}
