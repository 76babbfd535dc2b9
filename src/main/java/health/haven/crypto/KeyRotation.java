package health.haven.crypto;

import java.time.Instant;

/**
 * What a key rotation did, for the audit entry the caller writes.
 *
 * @param target {@code master} or {@code org:<uuid>}
 * @param newVersion the new key version (master version, or the organization key's new primary key id)
 * @param rewrapped how many keys one level down were re-wrapped under it
 * @param at when it finished
 */
public record KeyRotation(String target, long newVersion, int rewrapped, Instant at) {
}
