package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.UUID;

/** Text added to a signed note, by whom and when; never changed once written. */
public record NoteAddendum(UUID id, UserId author, Instant writtenAt, @Phi String text) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
