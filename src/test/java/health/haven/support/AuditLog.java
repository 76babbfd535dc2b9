package health.haven.support;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the audit trail in tests. Entries written in a request's transaction reach {@code audit.entry} through the
 * chainer within milliseconds, so lookups wait (up to ten seconds) rather than race it.
 */
public final class AuditLog {

	private AuditLog() {
	}

	/** The details of the newest entry matching {@code where}, waiting for one to appear. */
	public static String awaitDetails(JdbcClient db, String where, Object... params) {
		long deadline = System.currentTimeMillis() + 10_000;
		while (true) {
			Optional<String> found = db.sql("SELECT details FROM audit.entry WHERE " + where + " ORDER BY seq DESC LIMIT 1")
				.params(params)
				.query(String.class)
				.optional();
			if (found.isPresent()) {
				return found.get();
			}
			if (System.currentTimeMillis() > deadline) {
				throw new AssertionError("no audit entry where " + where);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** Waits until at least {@code expected} entries match. */
	public static long awaitCount(JdbcClient db, long expected, String where, Object... params) {
		long deadline = System.currentTimeMillis() + 10_000;
		while (true) {
			long count = db.sql("SELECT count(*) FROM audit.entry WHERE " + where).params(params).query(Long.class).single();
			if (count >= expected || System.currentTimeMillis() > deadline) {
				return count;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
