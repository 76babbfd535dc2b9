package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.Map;

/**
 * A changed draft: the version the person started from (a draft saved by someone else meanwhile is not overwritten),
 * the service date and every section's text.
 */
public record NoteEdit(Integer version, @Phi String serviceDate, @Phi Map<String, String> sections) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
