package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.UUID;

/** A document's opened bytes and the content type Haven sniffed from them at upload, for a download. */
public record DocumentFile(UUID id, @Phi String title, String contentType, @Phi byte[] content) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
