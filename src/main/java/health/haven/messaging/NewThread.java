package health.haven.messaging;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;

/**
 * A thread to start. A client's thread is always with their own care team ({@code client} and {@code kind} are
 * ignored for a client); staff name the client and the kind.
 *
 * @param client the client the thread is about (staff only), as given
 * @param kind {@code CLIENT_TEAM} (the default) or {@code STAFF}, as given
 * @param attachment an optional file, or null
 */
public record NewThread(String client, String kind, @Phi String subject, @Phi String body, NewAttachment attachment) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
