package health.haven.audit;

import health.haven.audit.internal.ChainWriter;
import health.haven.audit.internal.Checkpoints;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A separate process for {@link AuditCrashIT}: appends entries through the chain writer from several threads, half
 * as writes (pending inbox, autocommit) and half as reads (group-committed), and prints {@code ACK <id>} for every
 * append that returned, until it is killed.
 *
 * <p>Arguments: JDBC URL, application user, password, checkpoint directory.
 */
public final class AuditCrashWriter {

	private AuditCrashWriter() {
	}

	public static void main(String[] args) throws Exception {
		PGSimpleDataSource app = new PGSimpleDataSource();
		app.setUrl(args[0]);
		app.setUser(args[1]);
		app.setPassword(args[2]);
		PGSimpleDataSource chain = new PGSimpleDataSource();
		chain.setUrl(args[0]);
		chain.setUser(args[1]);
		chain.setPassword(args[2]);
		chain.setReWriteBatchedInserts(true);
		ChainWriter writer = new ChainWriter(app, chain, Checkpoints.open(Path.of(args[3]), 500, Duration.ofSeconds(5)),
				Clock.systemUTC(), Duration.ofSeconds(10), Duration.ofMillis(100));
		writer.start();
		Thread[] threads = new Thread[8];
		for (int t = 0; t < threads.length; t++) {
			int thread = t;
			threads[t] = new Thread(() -> {
				for (int i = 0;; i++) {
					AuditEntry entry = AuditFixtures.anyEntry(i);
					UUID id;
					if ((thread + i) % 2 == 0) {
						id = writer.enqueue(entry);
					}
					else {
						id = UUID.randomUUID();
						writer.appendDurably(id, entry);
					}
					synchronized (System.out) {
						System.out.println("ACK " + id);
						System.out.flush();
					}
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

}
