package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;

/**
 * A file made from a client's record for the client: its bytes, content type and the name to save it under (a fixed
 * name, never the client's).
 */
public record RecordFile(@Phi byte[] content, String contentType, String fileName) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
