package health.haven.consent;

/**
 * One version of a consent text as bundled with Haven, and the SHA-256 (hex) of its UTF-8 bytes, which a signature
 * records so that what was signed can be shown word for word later.
 */
public record ConsentText(ConsentKind kind, int version, String body, String sha256) {
}
