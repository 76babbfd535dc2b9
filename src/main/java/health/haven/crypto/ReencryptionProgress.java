package health.haven.crypto;

import java.util.Optional;

/** How far re-encryption of one {@link health.haven.crypto.spi.SealedColumns} has come within a job. */
public record ReencryptionProgress(long job, String columnSet, Optional<String> cursor, long batches, boolean finished) {
}
