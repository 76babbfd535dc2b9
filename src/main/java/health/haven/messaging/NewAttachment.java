package health.haven.messaging;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;

/** A file sent with a message, as uploaded: its name (which may name the client) and its bytes. */
public record NewAttachment(@Phi String fileName, @Phi byte[] content) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
