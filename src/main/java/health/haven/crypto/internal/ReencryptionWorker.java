package health.haven.crypto.internal;

import health.haven.crypto.KeyManagement;
import health.haven.crypto.spi.SealedColumns;
import health.haven.shared.Redaction;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Works through queued re-encryption jobs in the background, one batch at a time, while Haven serves. Idle (no job, or
 * no module with sealed columns yet) it costs one small query per {@link #PERIOD}. Jobs queued by {@code haven keys
 * rotate --reencrypt} while Haven is down are picked up at the next start.
 */
final class ReencryptionWorker implements SmartLifecycle {

	static final Duration PERIOD = Duration.ofSeconds(30);

	static final int BATCH = 500;

	private static final Logger log = LoggerFactory.getLogger(ReencryptionWorker.class);

	private final KeyManagement keys;

	private final Supplier<List<SealedColumns>> columns;

	private volatile Thread thread;

	ReencryptionWorker(KeyManagement keys, Supplier<List<SealedColumns>> columns) {
		this.keys = keys;
		this.columns = columns;
	}

	@Override
	public void start() {
		Thread worker = new Thread(this::loop, "haven-reencryption");
		worker.setDaemon(true);
		thread = worker;
		worker.start();
	}

	@Override
	public void stop() {
		Thread worker = thread;
		thread = null;
		if (worker != null) {
			worker.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return thread != null;
	}

	private void loop() {
		while (thread == Thread.currentThread()) {
			try {
				Thread.sleep(PERIOD.toMillis());
				List<SealedColumns> sealed = columns.get();
				// Without any module holding sealed columns a job would be marked finished having done nothing.
				if (!sealed.isEmpty()) {
					for (long job : keys.reencryptPending(sealed, BATCH)) {
						log.info("re-encryption job {} finished", job);
					}
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				log.warn("re-encryption paused; it resumes from its last batch", Redaction.scrub(ex));
			}
		}
	}

}
