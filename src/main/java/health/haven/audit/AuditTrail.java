package health.haven.audit;

import health.haven.audit.internal.ChainWriter;
import health.haven.audit.internal.Checkpoints;
import health.haven.shared.RandomIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.stereotype.Service;

/**
 * The one way into the audit trail. Both methods fail closed with {@code AUDIT_UNAVAILABLE}
 * ({@link health.haven.shared.HavenException.Kind#UNAVAILABLE}): the caller's operation must not go ahead without its
 * audit entry.
 */
@Service
public class AuditTrail {

	/** The entries of reads run by {@link #readingTogether}, on this thread, not yet known to be durable. */
	private static final ThreadLocal<List<CompletableFuture<Long>>> GATHERED = new ThreadLocal<>();

	private final ChainWriter writer;

	AuditTrail(ChainWriter writer) {
		this.writer = writer;
	}

	/**
	 * Records a write (or any event that happens inside a transaction) in the caller's transaction: the entry commits
	 * or rolls back with the caller's changes, and is chained within milliseconds after the commit.
	 *
	 * @return the entry's id
	 */
	public UUID record(AuditEntry entry) {
		return writer.enqueue(entry);
	}

	/**
	 * Records a read and returns only once the entry is durable in the chain (group-committed with concurrent
	 * appends), so that no data leaves the server without its audit entry. Call it before returning the data; if it
	 * throws, return nothing. Inside {@link #readingTogether} it returns at once and the wait happens at the end of
	 * that call, before its result is returned.
	 *
	 * @return the entry's id
	 */
	public UUID recordBeforeRead(AuditEntry entry) {
		UUID id = RandomIds.next();
		List<CompletableFuture<Long>> gathering = GATHERED.get();
		if (gathering != null) {
			gathering.add(writer.submit(id, entry));
		}
		else {
			writer.appendDurably(id, entry);
		}
		return id;
	}

	/**
	 * Records a refusal (an access denied, a client not found) on its own, apart from the caller's transaction, which
	 * the refusal is about to roll back, and returns once it is durable: a refused request leaves its audit entry
	 * whether or not it ran inside a transaction.
	 *
	 * @return the entry's id
	 */
	public UUID recordRefusal(AuditEntry entry) {
		UUID id = RandomIds.next();
		writer.appendDurably(id, entry);
		return id;
	}

	/**
	 * Runs several reads that each record their audit entry before reading (a page made of several parts of a
	 * chart), and waits once, at the end, until all their entries are durable, instead of once per read: the entries
	 * are group-committed together. Still fail-closed: the reads' result is returned only once every entry is durable,
	 * and the caller gets an error, not the data, if one is not. Nested calls join the outermost one.
	 */
	public <T> T readingTogether(Supplier<T> reads) {
		if (GATHERED.get() != null) {
			return reads.get();
		}
		List<CompletableFuture<Long>> gathered = new ArrayList<>();
		GATHERED.set(gathered);
		T result;
		try {
			result = reads.get();
		}
		finally {
			GATHERED.remove();
		}
		for (CompletableFuture<Long> entry : gathered) {
			writer.awaitDurable(entry);
		}
		return result;
	}

	/**
	 * An audit trail for admin commands that run beside the application (key rotation from the command line): each
	 * entry is appended to the same chain and is durable when {@link Standalone#recordDurably} returns. Checkpoints are
	 * left to the running application, whose next one covers these entries.
	 */
	public static Standalone standalone(DataSource dataSource) {
		ChainWriter writer = new ChainWriter(dataSource, dataSource, Checkpoints.none(), Clock.systemUTC(),
				Duration.ofSeconds(10), Duration.ofSeconds(1));
		writer.start();
		return new Standalone(writer);
	}

	/** See {@link #standalone(DataSource)}. */
	public static final class Standalone implements AutoCloseable {

		private final ChainWriter writer;

		private Standalone(ChainWriter writer) {
			this.writer = writer;
		}

		public AuditRecord recordDurably(AuditEntry entry) {
			UUID id = RandomIds.next();
			return new AuditRecord(writer.appendDurably(id, entry), id, entry);
		}

		@Override
		public void close() {
			writer.close();
		}

	}

}
