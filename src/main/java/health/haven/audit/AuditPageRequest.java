package health.haven.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Which page: at most {@code size} entries (1..1000) older than the cursor (keyset paging: stable while entries are
 * appended, and as fast on page 1,000 as on page 1).
 */
public record AuditPageRequest(int size, Optional<Instant> beforeTime, long beforeSeq) {

	public AuditPageRequest {
		if (size < 1 || size > 1000) {
			throw new IllegalArgumentException("an audit page holds 1 to 1000 entries");
		}
	}

	public static AuditPageRequest first(int size) {
		return new AuditPageRequest(size, Optional.empty(), Long.MAX_VALUE);
	}

	AuditPageRequest after(AuditRecord last) {
		return new AuditPageRequest(size, Optional.of(last.entry().occurredAt()), last.seq());
	}

}
