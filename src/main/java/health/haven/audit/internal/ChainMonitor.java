package health.haven.audit.internal;

import health.haven.audit.AuditVerification;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Verifies the chain on a schedule and reports it as the {@code auditChain} health component: incrementally from
 * the last verified entry, and in full every sixth run (a consistent rewrite of already verified entries shows only
 * against the checkpoints). Health carries the status and sequence numbers only.
 */
@Component("auditChainHealthIndicator")
class ChainMonitor implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(ChainMonitor.class);

	private final ChainVerifier verifier;

	private final ChainWriter writer;

	private final AtomicReference<ChainVerifier.Report> last = new AtomicReference<>();

	private int runs;

	ChainMonitor(AuditConfiguration.ChainDataSource chain, ChainWriter writer, @Value("${haven.data-dir}") Path dataDir) {
		this.verifier = new ChainVerifier(chain.dataSource(), AuditVerification.checkpointDir(dataDir),
				AuditVerification.PENDING_BOUND, 1);
		this.writer = writer;
	}

	@Scheduled(initialDelayString = "${haven.audit.verify-initial-delay:10s}",
			fixedDelayString = "${haven.audit.verify-every:10m}")
	void verify() {
		ChainVerifier.Report previous = last.get();
		boolean full = previous == null || !previous.ok() || runs++ % 6 == 5;
		try {
			ChainVerifier.Report report = full ? verifier.verify()
					: verifier.verifyFrom(previous.headSeq(), previous.headHash());
			last.set(report);
			if (report.ok()) {
				log.info("audit chain verified: {} entries up to seq {} ({} checkpoints)", report.entries(),
						report.headSeq(), report.checkpoints());
			}
			else {
				log.error("AUDIT CHAIN VERIFICATION FAILED: {} at seq {}: {}", report.problem().orElseThrow(),
						report.firstBadSeq(), report.explanation());
			}
		}
		catch (RuntimeException ex) {
			log.warn("audit chain verification could not run", health.haven.shared.Redaction.scrub(ex));
		}
	}

	/**
	 * After a failed verification, checks again every 30 seconds instead of waiting for the next regular run: a
	 * genuinely broken chain stays DOWN, and a check that only met a passing condition (a checkpoint being written,
	 * the database restarting) recovers within a minute.
	 */
	@Scheduled(initialDelayString = "${haven.audit.verify-initial-delay:10s}",
			fixedDelayString = "${haven.audit.verify-retry:30s}")
	void recheckAfterFailure() {
		ChainVerifier.Report report = last.get();
		if (report != null && !report.ok()) {
			verify();
		}
	}

	@Override
	public Health health() {
		ChainVerifier.Report report = last.get();
		if (!writer.healthy()) {
			return Health.down().withDetail("writer", "failing").build();
		}
		if (report == null) {
			return Health.unknown().build();
		}
		if (!report.ok()) {
			return Health.down()
				.withDetail("problem", report.problem().orElseThrow().name())
				.withDetail("firstBadSeq", report.firstBadSeq())
				.build();
		}
		return Health.up().withDetail("verifiedUpToSeq", report.headSeq()).build();
	}

}
