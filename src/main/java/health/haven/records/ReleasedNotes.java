package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.List;

/**
 * The client's own signed notes as the portal lists them (newest service date first, no text), and how many signed
 * notes are withheld under an exception: the client is told that they exist, never what they say.
 */
public record ReleasedNotes(@Phi List<ProgressNoteSummary> notes, int withheld) {

	public ReleasedNotes {
		notes = List.copyOf(notes);
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
