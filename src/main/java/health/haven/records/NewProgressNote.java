package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.Map;

/**
 * A new draft as a person asked for it, unchecked: {@link ProgressNotes#create} checks it whole (after deciding that
 * the person may write in this client's record) and refuses it with a clear message.
 *
 * @param kind PROGRESS (the default) or PSYCHOTHERAPY
 * @param category GENERAL or SUD_PART2 for a progress note; a psychotherapy note is always PSYCHOTHERAPY_NOTE
 * @param serviceDate the day of the session, ISO format
 * @param trainee written by a trainee: needs a supervisor's co-signature after signing
 * @param sections section name to text, one for every section of the template
 */
public record NewProgressNote(String template, String kind, String category, @Phi String serviceDate,
		boolean trainee, @Phi Map<String, String> sections) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
