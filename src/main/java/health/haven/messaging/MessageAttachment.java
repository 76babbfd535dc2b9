package health.haven.messaging;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.UUID;

/** A message's attachment as listed with the message: its name, sniffed type and size, not its bytes. */
public record MessageAttachment(UUID id, @Phi String fileName, String contentType, int sizeBytes) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
