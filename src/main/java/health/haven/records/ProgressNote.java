package health.haven.records;

import health.haven.consent.DataCategory;
import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * One note as its reader sees it.
 *
 * @param sections section name to text, in template order
 * @param version the draft's version, to send back with an edit or the signature
 * @param contentHash SHA-256 (hex) of the canonical form of the signed content; null for a draft
 * @param lateEntry signed more than a day after the day of service (see {@link ProgressNotes#LATE_AFTER})
 */
public record ProgressNote(UUID id, ClientId client, UserId author, NoteKind kind, NoteTemplate template,
		DataCategory category, @Phi LocalDate serviceDate, boolean trainee, int version, Instant signedAt,
		String contentHash, Boolean lateEntry, Instant cosignedAt, UserId cosignedBy,
		@Phi Map<String, String> sections) {

	public boolean signed() {
		return signedAt != null;
	}

	/** A trainee's signed note that no supervisor has co-signed yet. */
	public boolean awaitingCosignature() {
		return trainee && signedAt != null && cosignedAt == null;
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
