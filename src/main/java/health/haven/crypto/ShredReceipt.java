package health.haven.crypto;

import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import java.time.Instant;

/**
 * Proof of crypto-shredding, for the audit entry the caller writes.
 *
 * @param hadKey whether a live data key existed (false: nothing had been sealed, or it was already destroyed)
 */
public record ShredReceipt(OrgId org, ClientId client, Instant destroyedAt, boolean hadKey) {
}
