package health.haven.messaging;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.UUID;

/** An attachment's opened bytes, with the type sniffed when it was sent, for a download. */
public record AttachmentFile(UUID id, @Phi String fileName, String contentType, @Phi byte[] content) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
