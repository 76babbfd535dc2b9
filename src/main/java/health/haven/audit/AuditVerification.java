package health.haven.audit;

import health.haven.audit.internal.ChainVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Verification of the whole chain and its signed checkpoints, for {@code ./haven audit verify}: plain JDBC, no
 * Spring, any role that may read {@code audit.entry}.
 */
public final class AuditVerification {

	/** Entries waiting to be chained longer than this are reported: a running Haven chains them in milliseconds. */
	public static final Duration PENDING_BOUND = Duration.ofMinutes(5);

	private AuditVerification() {
	}

	/**
	 * @param ok whether the chain and every checkpoint verified
	 * @param entries entries checked
	 * @param checkpoints signed checkpoints checked
	 * @param firstBadSeq the first bad sequence number, when not ok
	 * @param problem the kind of tamper found (MODIFIED, MISSING, BROKEN_LINK, TRUNCATED, CHECKPOINT_MISMATCH,
	 * CHECKPOINT_SIGNATURE, STALE_PENDING), when not ok
	 * @param explanation one line for the operator (sequence numbers and counts only)
	 * @param entriesPerSecond verification speed
	 */
	public record Result(boolean ok, long entries, int checkpoints, Optional<Long> firstBadSeq,
			Optional<String> problem, String explanation, double entriesPerSecond) {
	}

	/** Verifies the chain in {@code dataSource} against the checkpoints kept under {@code dataDir}. */
	public static Result verify(DataSource dataSource, Path dataDir) {
		ChainVerifier.Report report = new ChainVerifier(dataSource, checkpointDir(dataDir), PENDING_BOUND,
				2 * Runtime.getRuntime().availableProcessors())
			.verify();
		return new Result(report.ok(), report.entries(), report.checkpoints(),
				report.ok() ? Optional.empty() : Optional.of(report.firstBadSeq()),
				report.problem().map(Enum::name), report.explanation(), report.entriesPerSecond());
	}

	/** Where checkpoints and their signing key live: {@code <data dir>/audit}. */
	public static Path checkpointDir(Path dataDir) {
		return dataDir.resolve("audit");
	}

}
