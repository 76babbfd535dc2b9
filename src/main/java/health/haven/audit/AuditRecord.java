package health.haven.audit;

import java.util.UUID;

/**
 * An entry as the chain holds it: its place in the chain and its id, with the entry itself.
 *
 * @param seq position in the chain, from 1, without gaps
 * @param id the id given to the entry when it was recorded
 * @param entry what was recorded
 */
public record AuditRecord(long seq, UUID id, AuditEntry entry) {
}
