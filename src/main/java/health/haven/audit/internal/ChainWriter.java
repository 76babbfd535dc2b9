package health.haven.audit.internal;

import health.haven.audit.AuditEntry;
import health.haven.shared.HavenException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends to the hash chain with group commit. Two ways in:
 * <ul>
 * <li>{@link #enqueue} inserts into {@code audit.pending} on the caller's connection, so the entry commits or rolls
 * back with the caller's write; the chainer moves it into the chain right after.</li>
 * <li>{@link #appendDurably} hands the entry to the chainer and waits until the batch that holds it has committed
 * (reads: no audit entry, no data).</li>
 * </ul>
 * One thread chains: it takes whatever has queued up while the previous batch committed (so batches grow with load
 * and a lone request waits for one commit only), plus pending rows, and writes them in one transaction under
 * {@code pg_advisory_xact_lock}, which also serializes chainers in other processes sharing the database.
 */
public final class ChainWriter implements AutoCloseable {

	/** The advisory lock key of the chain ("haven-audit" folded into a bigint). */
	static final long CHAIN_LOCK = 0x6861_7665_6e41_7564L;

	static final int MAX_BATCH = 2000;

	private static final Logger log = LoggerFactory.getLogger(ChainWriter.class);

	private static final Request WAKE = new Request(null, null, null);

	private static final String INSERT_PENDING = "INSERT INTO audit.pending (entry_id, org_id, occurred_at, actor_user, "
			+ "actor_role, actor_session, source_address, action, client_id, resource_type, resource_id, purpose, "
			+ "outcome, details) VALUES (?::uuid, ?::uuid, ?, ?::uuid, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?)";

	private static final String INSERT_ENTRY = "INSERT INTO audit.entry (seq, entry_id, org_id, occurred_at, "
			+ "actor_user, actor_role, actor_session, source_address, action, client_id, resource_type, resource_id, "
			+ "purpose, outcome, details, prev_hash, hash) "
			+ "VALUES (?, ?::uuid, ?::uuid, ?, ?::uuid, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?, ?)";

	private final JdbcTemplate callerJdbc;

	private final DataSource chainDataSource;

	private final Checkpoints checkpoints;

	private final Clock clock;

	private final Duration durableTimeout;

	private final Duration pendingPollInterval;

	private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();

	private final AtomicBoolean pendingSignalled = new AtomicBoolean(true);

	private final ChainHash hasher = new ChainHash();

	private volatile boolean running;

	private volatile boolean healthy = true;

	private Thread thread;

	private Connection connection;

	private long lastPendingPoll;

	record Request(UUID id, ChainRow row, CompletableFuture<Long> done) {
	}

	/**
	 * @param callerDataSource the application's data source: {@link #enqueue} joins the caller's transaction on it
	 * @param chainDataSource where the chainer gets its own connection (never from the application's pool, so that a
	 * pool exhausted by callers waiting for their audit entries cannot deadlock the chainer)
	 */
	public ChainWriter(DataSource callerDataSource, DataSource chainDataSource, Checkpoints checkpoints, Clock clock,
			Duration durableTimeout, Duration pendingPollInterval) {
		this.callerJdbc = new JdbcTemplate(callerDataSource);
		this.chainDataSource = chainDataSource;
		this.checkpoints = checkpoints;
		this.clock = clock;
		this.durableTimeout = durableTimeout;
		this.pendingPollInterval = pendingPollInterval;
	}

	public synchronized void start() {
		if (running) {
			return;
		}
		running = true;
		thread = new Thread(this::loop, "audit-chainer");
		thread.setDaemon(true);
		thread.start();
	}

	/** Records {@code entry} in the caller's transaction (or on its own when there is none). */
	public UUID enqueue(AuditEntry entry) {
		UUID id = UUID.randomUUID();
		ChainRow row = ChainRow.of(id, entry);
		try {
			callerJdbc.update(INSERT_PENDING, row.entryId(), row.org(), timestamp(row), row.actorUser(), row.actorRole(),
					row.actorSession(), row.sourceAddress(), row.action(), row.client(), row.resourceType(),
					row.resourceId(), row.purpose(), row.outcome(), row.details());
		}
		catch (RuntimeException ex) {
			throw unavailable("the audit entry could not be written", ex);
		}
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					signalPending();
				}
			});
		}
		else {
			signalPending();
		}
		return id;
	}

	/** Queues {@code entry} for the next batch; the future completes with its sequence number once committed. */
	public CompletableFuture<Long> submit(UUID id, AuditEntry entry) {
		CompletableFuture<Long> done = new CompletableFuture<>();
		if (!running) {
			done.completeExceptionally(unavailable("the audit chainer is not running", null));
			return done;
		}
		queue.add(new Request(id, ChainRow.of(id, entry), done));
		return done;
	}

	/** Appends {@code entry} and returns its sequence number once it is durable; fails closed. */
	public long appendDurably(UUID id, AuditEntry entry) {
		try {
			return submit(id, entry).get(durableTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable("interrupted while the audit entry was being written", ex);
		}
		catch (TimeoutException ex) {
			throw unavailable("the audit entry was not durable in time", ex);
		}
		catch (ExecutionException ex) {
			throw ex.getCause() instanceof HavenException haven ? haven
					: unavailable("the audit entry could not be written", ex.getCause());
		}
	}

	/** Asks the chainer to look at the pending table now. */
	public void signalPending() {
		pendingSignalled.set(true);
		queue.offer(WAKE);
	}

	/** Whether the last batch committed (false after a failure, until the next success). */
	public boolean healthy() {
		return healthy;
	}

	/** Waits until the pending table is empty (tests, shutdown). */
	public boolean awaitPendingDrained(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			signalPending();
			Integer left = callerJdbc.queryForObject("SELECT count(*) FROM audit.pending", Integer.class);
			if (left != null && left == 0 && queue.stream().allMatch(r -> r == WAKE)) {
				return true;
			}
			Thread.sleep(20);
		}
		return false;
	}

	@Override
	public synchronized void close() {
		running = false;
		if (thread != null) {
			queue.offer(WAKE);
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			thread = null;
		}
		Request left;
		while ((left = queue.poll()) != null) {
			if (left != WAKE) {
				left.done().completeExceptionally(unavailable("the audit chainer stopped", null));
			}
		}
		closeConnection();
	}

	private void loop() {
		List<Request> batch = new ArrayList<>();
		while (running || !queue.isEmpty()) {
			try {
				Request first = queue.poll(pendingPollInterval.toMillis(), TimeUnit.MILLISECONDS);
				if (first != null && first != WAKE) {
					batch.add(first);
				}
				queue.drainTo(batch, MAX_BATCH);
				batch.removeIf(r -> r == WAKE);
				boolean pollPending = pendingSignalled.getAndSet(false)
						|| System.nanoTime() - lastPendingPoll > pendingPollInterval.toNanos();
				if (!batch.isEmpty() || pollPending) {
					chain(batch, pollPending);
				}
				else {
					maybeCheckpoint();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				log.error("audit chainer failed unexpectedly", health.haven.shared.Redaction.scrub(ex));
			}
			finally {
				batch.clear();
			}
		}
	}

	private long headSeq;

	private byte[] headHash = ChainHash.GENESIS;

	private void chain(List<Request> requests, boolean pollPending) {
		try {
			Connection db = connection();
			List<Long> moved = new ArrayList<>();
			long firstSeq;
			try {
				try (Statement sql = db.createStatement()) {
					sql.execute("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
					try (ResultSet head = sql.executeQuery("SELECT seq, hash FROM audit.entry ORDER BY seq DESC LIMIT 1")) {
						if (head.next()) {
							headSeq = head.getLong(1);
							headHash = head.getBytes(2);
						}
						else {
							headSeq = 0;
							headHash = ChainHash.GENESIS;
						}
					}
				}
				firstSeq = headSeq + 1;
				List<ChainRow> rows = new ArrayList<>();
				if (pollPending) {
					lastPendingPoll = System.nanoTime();
					// No row locks needed: chainers take turns under the advisory lock, and each statement of a
					// READ COMMITTED transaction sees the deletes of the chainer before.
					try (PreparedStatement select = db.prepareStatement("SELECT pending_id, " + ChainRow.COLUMNS
							+ " FROM audit.pending ORDER BY pending_id LIMIT " + MAX_BATCH);
							ResultSet pending = select.executeQuery()) {
						while (pending.next()) {
							moved.add(pending.getLong(1));
							rows.add(ChainRow.of(pending, 2));
						}
					}
					if (moved.size() == MAX_BATCH) {
						pendingSignalled.set(true); // more to come
					}
				}
				for (Request request : requests) {
					rows.add(request.row());
				}
				if (rows.isEmpty()) {
					db.rollback();
					return;
				}
				try (PreparedStatement insert = db.prepareStatement(INSERT_ENTRY)) {
					long seq = headSeq;
					byte[] prev = headHash;
					for (ChainRow row : rows) {
						seq++;
						byte[] hash = hasher.hash(prev, seq, row);
						bind(insert, seq, row, prev, hash);
						insert.addBatch();
						prev = hash;
					}
					insert.executeBatch();
					headSeq = seq;
					headHash = prev;
				}
				if (!moved.isEmpty()) {
					try (PreparedStatement delete = db
						.prepareStatement("DELETE FROM audit.pending WHERE pending_id = ANY (?)")) {
						Array ids = db.createArrayOf("bigint", moved.toArray());
						delete.setArray(1, ids);
						delete.executeUpdate();
					}
				}
				db.commit();
			}
			catch (SQLException | RuntimeException ex) {
				rollbackQuietly(db);
				throw ex;
			}
			healthy = true;
			long seq = firstSeq + moved.size();
			for (Request request : requests) {
				request.done().complete(seq++);
			}
			maybeCheckpoint();
		}
		catch (SQLException | RuntimeException ex) {
			healthy = false;
			closeConnection();
			log.error("audit batch of {} entries could not be chained", requests.size(),
					health.haven.shared.Redaction.scrub(ex));
			HavenException failure = unavailable("the audit entry could not be written", ex);
			requests.forEach(request -> request.done().completeExceptionally(failure));
			pendingSignalled.set(true);
			sleepQuietly(200);
		}
	}

	private void maybeCheckpoint() {
		if (headSeq > 0) {
			try {
				checkpoints.maybeWrite(headSeq, headHash, clock.instant());
			}
			catch (RuntimeException ex) {
				log.error("audit checkpoint could not be written", ex);
			}
		}
	}

	private static void bind(PreparedStatement insert, long seq, ChainRow row, byte[] prev, byte[] hash)
			throws SQLException {
		insert.setLong(1, seq);
		insert.setString(2, row.entryId());
		insert.setString(3, row.org());
		insert.setObject(4, timestamp(row), Types.TIMESTAMP_WITH_TIMEZONE);
		insert.setString(5, row.actorUser());
		insert.setString(6, row.actorRole());
		insert.setString(7, row.actorSession());
		insert.setString(8, row.sourceAddress());
		insert.setString(9, row.action());
		insert.setString(10, row.client());
		insert.setString(11, row.resourceType());
		insert.setString(12, row.resourceId());
		insert.setString(13, row.purpose());
		insert.setString(14, row.outcome());
		insert.setString(15, row.details());
		insert.setBytes(16, prev);
		insert.setBytes(17, hash);
	}

	static OffsetDateTime timestamp(ChainRow row) {
		Instant at = row.occurredAt();
		return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
	}

	private Connection connection() throws SQLException {
		if (connection == null || connection.isClosed()) {
			connection = chainDataSource.getConnection();
			connection.setAutoCommit(false);
		}
		return connection;
	}

	private void closeConnection() {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// already broken
			}
			connection = null;
		}
	}

	private static void rollbackQuietly(Connection db) {
		try {
			db.rollback();
		}
		catch (SQLException ex) {
			// the connection is closed next
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static HavenException unavailable(String explanation, Throwable cause) {
		return new HavenException("AUDIT_UNAVAILABLE", HavenException.Kind.UNAVAILABLE, explanation, cause);
	}

}
