package health.haven.consent;

import java.time.Instant;
import java.util.UUID;

/**
 * That a client signed one version of a consent text, without the name they typed (which stays sealed).
 *
 * @param current whether this is the signature of the text's current version
 */
public record ConsentSignature(UUID id, ConsentKind kind, int version, String contentSha256, Instant signedAt,
		boolean current) {
}
