package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.UUID;

/**
 * One signed note kept from the client under a documented exception, as its clinicians see it: the exception, the
 * facts that support it (sealed, for staff only), who withheld it and when. The client is told only that one note is
 * not shown.
 */
public record NoteWithholding(UUID id, UUID note, WithholdingException exception, @Phi String reason,
		UserId withheldBy, Instant withheldAt) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
