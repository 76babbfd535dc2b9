package health.haven.records;

import health.haven.consent.DataCategory;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A note in a client's list of notes: what it is and where it stands, none of its text. */
public record ProgressNoteSummary(UUID id, UserId author, NoteKind kind, NoteTemplate template,
		DataCategory category, @Phi LocalDate serviceDate, Instant signedAt, Boolean lateEntry,
		boolean awaitingCosignature) {

	public boolean signed() {
		return signedAt != null;
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
