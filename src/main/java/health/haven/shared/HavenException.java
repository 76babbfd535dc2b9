package health.haven.shared;

/**
 * A failure with a stable code that callers and operators can rely on, mapped once to RFC 9457 problem details on the
 * API and to the friendly error page in the browser.
 *
 * <p>The message is the code plus a short, fixed explanation written by a developer; it must never contain data.
 * Ids are allowed; names, dates of birth, note text and the like are not.
 */
public class HavenException extends RuntimeException {

	private final String code;

	private final Kind kind;

	public HavenException(String code, Kind kind, String explanation) {
		super(code + ": " + explanation);
		this.code = code;
		this.kind = kind;
	}

	public HavenException(String code, Kind kind, String explanation, Throwable cause) {
		super(code + ": " + explanation, cause);
		this.code = code;
		this.kind = kind;
	}

	public String code() {
		return code;
	}

	public Kind kind() {
		return kind;
	}

	/** The explanation without the code prefix, safe to show to a person. */
	public String explanation() {
		return getMessage().substring(code.length() + 2);
	}

	/** What went wrong, which decides the HTTP status. */
	public enum Kind {

		BAD_REQUEST(400), UNAUTHENTICATED(401), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), PAYLOAD_TOO_LARGE(413),
		UNSUPPORTED_MEDIA_TYPE(415), UNPROCESSABLE(422), TOO_MANY_REQUESTS(429), UNAVAILABLE(503), INTERNAL(500);

		private final int status;

		Kind(int status) {
			this.status = status;
		}

		public int status() {
			return status;
		}

	}

}
