package health.haven.audit.internal;

import health.haven.audit.AuditEntry;
import health.haven.shared.HavenException;
import health.haven.shared.RandomIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * and a lone request waits for one commit only), plus pending rows, and writes them in one statement. Chainers in
 * other processes sharing the database are serialized by the primary key on {@code seq} (see {@link #chain}).
 */
public final class ChainWriter implements AutoCloseable {

	static final int MAX_BATCH = 2000;

	private static final Logger log = LoggerFactory.getLogger(ChainWriter.class);

	private static final Request WAKE = new Request(null, null, null);

	private static final String INSERT_PENDING = "INSERT INTO audit.pending (entry_id, org_id, occurred_at, actor_user, "
			+ "actor_role, actor_session, source_address, action, client_id, resource_type, resource_id, purpose, "
			+ "outcome, details) VALUES (?::uuid, ?::uuid, ?, ?::uuid, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?)";

	/** Moves pending rows and appends the batch in one statement (hashes computed in Java, passed as hex). */
	private static final String INSERT_ENTRIES = """
			WITH moved AS (DELETE FROM audit.pending WHERE pending_id = ANY (?))
			INSERT INTO audit.entry (seq, entry_id, org_id, occurred_at, actor_user, actor_role, actor_session,
			    source_address, action, client_id, resource_type, resource_id, purpose, outcome, details, prev_hash, hash)
			SELECT s, e::uuid, o::uuid, t::timestamptz, u::uuid, r, se, sa, a, c::uuid, rt, ri, p, oc, d,
			    decode(ph, 'hex'), decode(h, 'hex')
			FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
			    AS batch(s, e, o, t, u, r, se, sa, a, c, rt, ri, p, oc, d, ph, h)
			ORDER BY s""";

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
		UUID id = RandomIds.next();
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
		return awaitDurable(submit(id, entry));
	}

	/** Waits until a submitted entry is durable and returns its sequence number; fails closed. */
	public long awaitDurable(CompletableFuture<Long> submitted) {
		try {
			return submitted.get(durableTimeout.toMillis(), TimeUnit.MILLISECONDS);
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

	private boolean headKnown;

	/**
	 * One batch, one statement, one round trip: the chained rows are computed here from the cached head and written
	 * with the moved pending rows' deletion in a single autocommit statement. The primary key on {@code seq} is what
	 * serializes chainers (in this or another process): a chainer whose cached head is stale collides on the next
	 * sequence number, rereads the head and tries again, so no lock round trip is needed for the common case.
	 */
	private void chain(List<Request> requests, boolean pollPending) {
		for (int attempt = 1;; attempt++) {
			try {
				Connection db = connection();
				if (!headKnown) {
					readHead(db);
				}
				List<Long> moved = new ArrayList<>();
				List<ChainRow> rows = new ArrayList<>();
				if (pollPending) {
					lastPendingPoll = System.nanoTime();
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
					return;
				}
				long firstSeq = headSeq + 1;
				byte[] lastHash = insert(db, rows, moved);
				headSeq += rows.size();
				headHash = lastHash;
				healthy = true;
				long seq = firstSeq + moved.size();
				for (Request request : requests) {
					request.done().complete(seq++);
				}
				maybeCheckpoint();
				return;
			}
			catch (SQLException ex) {
				headKnown = false;
				if ("23505".equals(ex.getSQLState()) && attempt < 5) {
					// Another chainer appended first (or moved the same pending rows): reread and retry.
					pollPending = true;
					continue;
				}
				fail(requests, ex);
				return;
			}
			catch (RuntimeException ex) {
				headKnown = false;
				fail(requests, ex);
				return;
			}
		}
	}

	private void readHead(Connection db) throws SQLException {
		try (Statement sql = db.createStatement();
				ResultSet head = sql.executeQuery("SELECT seq, hash FROM audit.entry ORDER BY seq DESC LIMIT 1")) {
			if (head.next()) {
				headSeq = head.getLong(1);
				headHash = head.getBytes(2);
			}
			else {
				headSeq = 0;
				headHash = ChainHash.GENESIS;
			}
			headKnown = true;
		}
	}

	private byte[] insert(Connection db, List<ChainRow> rows, List<Long> moved) throws SQLException {
		int n = rows.size();
		Long[] seqs = new Long[n];
		String[][] text = new String[16][n];
		long seq = headSeq;
		byte[] prev = headHash;
		for (int i = 0; i < n; i++) {
			ChainRow row = rows.get(i);
			seq++;
			byte[] hash = hasher.hash(prev, seq, row);
			seqs[i] = seq;
			text[0][i] = row.entryId();
			text[1][i] = row.org();
			text[2][i] = row.occurredAt().toString();
			text[3][i] = row.actorUser();
			text[4][i] = row.actorRole();
			text[5][i] = row.actorSession();
			text[6][i] = row.sourceAddress();
			text[7][i] = row.action();
			text[8][i] = row.client();
			text[9][i] = row.resourceType();
			text[10][i] = row.resourceId();
			text[11][i] = row.purpose();
			text[12][i] = row.outcome();
			text[13][i] = row.details();
			text[14][i] = ChainHash.hex(prev);
			text[15][i] = ChainHash.hex(hash);
			prev = hash;
		}
		try (PreparedStatement insert = db.prepareStatement(INSERT_ENTRIES)) {
			insert.setArray(1, db.createArrayOf("bigint", moved.toArray()));
			insert.setArray(2, db.createArrayOf("bigint", seqs));
			for (int column = 0; column < 16; column++) {
				insert.setArray(column + 3, db.createArrayOf("text", text[column]));
			}
			insert.executeUpdate();
		}
		return prev;
	}

	private void fail(List<Request> requests, Exception ex) {
		healthy = false;
		closeConnection();
		log.error("audit batch of {} entries could not be chained", requests.size(),
				health.haven.shared.Redaction.scrub(ex));
		HavenException failure = unavailable("the audit entry could not be written", ex);
		requests.forEach(request -> request.done().completeExceptionally(failure));
		pendingSignalled.set(true);
		sleepQuietly(200);
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

	static OffsetDateTime timestamp(ChainRow row) {
		Instant at = row.occurredAt();
		return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
	}

	private Connection connection() throws SQLException {
		if (connection == null || connection.isClosed()) {
			connection = chainDataSource.getConnection();
			try (Statement sql = connection.createStatement()) {
				// "Durable before data leaves" must not depend on the server's default (the embedded server runs
				// with synchronous_commit off): a batch commit returns only once its WAL is on disk.
				sql.execute("SET synchronous_commit = on");
			}
			connection.setAutoCommit(true); // each batch is one statement
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
