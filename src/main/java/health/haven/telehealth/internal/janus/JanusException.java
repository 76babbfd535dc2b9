package health.haven.telehealth.internal.janus;

import health.haven.shared.HavenException;

/**
 * A failure talking to Janus, with a stable code. Janus's own error text is never copied in: it can echo what was
 * sent (an SDP line, a display string), so only its numeric error code is kept, for operators.
 */
public class JanusException extends HavenException {

	/** Janus's numeric error code (core API or VideoRoom), or 0 when the failure was Haven's side. */
	private final int janusCode;

	JanusException(String code, Kind kind, String explanation, int janusCode) {
		super(code, kind, explanation + (janusCode == 0 ? "" : " (Janus error " + janusCode + ")"));
		this.janusCode = janusCode;
	}

	JanusException(String code, Kind kind, String explanation, Throwable cause) {
		super(code, kind, explanation, cause);
		this.janusCode = 0;
	}

	public int janusCode() {
		return janusCode;
	}

	static JanusException unavailable(String explanation) {
		return new JanusException("TELEHEALTH_JANUS_UNAVAILABLE", Kind.UNAVAILABLE, explanation, 0);
	}

	static JanusException unavailable(String explanation, Throwable cause) {
		return new JanusException("TELEHEALTH_JANUS_UNAVAILABLE", Kind.UNAVAILABLE, explanation, cause);
	}

	static JanusException refused(String explanation, int janusCode) {
		return new JanusException("TELEHEALTH_JANUS_REFUSED", Kind.FORBIDDEN, explanation, janusCode);
	}

	static JanusException notAllowed(String explanation) {
		return new JanusException("TELEHEALTH_JANUS_NOT_ALLOWED", Kind.FORBIDDEN, explanation, 0);
	}

	static JanusException badRequest(String explanation) {
		return new JanusException("TELEHEALTH_JANUS_BAD_REQUEST", Kind.BAD_REQUEST, explanation, 0);
	}

}
