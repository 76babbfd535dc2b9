package health.haven.audit.internal;

import health.haven.audit.internal.Checkpoints.Checkpoint;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Checks the chain and the checkpoints with plain JDBC (the CLI runs it without Spring). Rows are streamed with a
 * forward-only cursor and hashed in Java; because every row stores its predecessor's hash, disjoint ranges can be
 * checked in parallel and joined at the seams.
 *
 * <p>What each tamper looks like: a modified row no longer hashes to its stored hash ({@code MODIFIED}); a deleted
 * row leaves a gap in the sequence ({@code MISSING}); an inserted or reordered row breaks the link to its predecessor
 * ({@code BROKEN_LINK}) or, re-hashed, its successor's link; a consistent rewrite of the whole chain disagrees with a
 * signed checkpoint ({@code CHECKPOINT_MISMATCH}); removed tail rows leave the chain shorter than a checkpoint
 * ({@code TRUNCATED}). The one thing a hash chain cannot show is a well-formed append after the last checkpoint by
 * someone allowed to append, which is why checkpoints are frequent.
 */
public final class ChainVerifier {

	public enum Problem {

		MODIFIED, MISSING, BROKEN_LINK, TRUNCATED, CHECKPOINT_MISMATCH, CHECKPOINT_SIGNATURE, STALE_PENDING

	}

	/**
	 * @param entries rows checked
	 * @param checkpoints checkpoints checked
	 * @param headSeq the last sequence number checked
	 * @param headHash its hash
	 * @param firstBadSeq the first sequence number found bad (for a checkpoint disagreement: the first entry after
	 * the last agreeing checkpoint)
	 */
	public record Report(long entries, int checkpoints, long pending, long headSeq, byte[] headHash,
			Optional<Problem> problem, long firstBadSeq, String explanation, Duration took) {

		public boolean ok() {
			return problem.isEmpty();
		}

		public double entriesPerSecond() {
			return entries / Math.max(1e-3, took.toNanos() / 1e9);
		}

	}

	private static final int FETCH = 10_000;

	private final DataSource dataSource;

	private final Path checkpointDir;

	private final Duration pendingBound;

	private final int parallelism;

	public ChainVerifier(DataSource dataSource, Path checkpointDir, Duration pendingBound, int parallelism) {
		this.dataSource = dataSource;
		this.checkpointDir = checkpointDir;
		this.pendingBound = pendingBound;
		this.parallelism = Math.max(1, parallelism);
	}

	/** Checks the whole chain. */
	public Report verify() {
		return verifyFrom(0, ChainHash.GENESIS);
	}

	/** Checks the entries after {@code fromSeq} (whose hash is {@code fromHash}) and the checkpoints beyond it. */
	public Report verifyFrom(long fromSeq, byte[] fromHash) {
		long started = System.nanoTime();
		try {
			PublicKey key = Checkpoints.publicKey(checkpointDir);
			List<Checkpoint> checkpoints = Checkpoints.read(checkpointDir);
			for (Checkpoint checkpoint : checkpoints) {
				if (!Checkpoints.signatureValid(checkpoint, key)) {
					return failure(started, 0, checkpoints.size(), Problem.CHECKPOINT_SIGNATURE,
							Math.max(checkpoint.size(), 0), "the checkpoint for size " + checkpoint.size() + " on line "
									+ checkpoint.line() + " of the checkpoint log has no valid signature");
				}
			}
			Map<Long, byte[]> wanted = new HashMap<>();
			checkpoints.stream().filter(c -> c.size() > fromSeq).forEach(c -> wanted.put(c.size(), c.hash()));

			long maxSeq;
			long pendingStale;
			try (Connection db = dataSource.getConnection();
					PreparedStatement max = db.prepareStatement("SELECT coalesce(max(seq), 0) FROM audit.entry");
					PreparedStatement stale = db.prepareStatement(
							"SELECT count(*) FROM audit.pending WHERE queued_at < clock_timestamp() - ?::interval")) {
				try (ResultSet rs = max.executeQuery()) {
					rs.next();
					maxSeq = rs.getLong(1);
				}
				stale.setString(1, pendingBound.toSeconds() + " seconds");
				try (ResultSet rs = stale.executeQuery()) {
					rs.next();
					pendingStale = rs.getLong(1);
				}
			}

			// Ranges checked in parallel; each knows the hash its first row must point to only after its neighbour
			// is done, so seams are compared afterwards.
			long span = maxSeq - fromSeq;
			int parts = span < 200_000 ? 1 : parallelism;
			List<Range> ranges = new ArrayList<>();
			for (int i = 0; i < parts; i++) {
				long low = fromSeq + 1 + span * i / parts;
				long high = fromSeq + span * (i + 1) / parts;
				ranges.add(new Range(low, high));
			}
			List<RangeResult> results = new ArrayList<>();
			if (parts == 1) {
				results.add(check(ranges.get(0), wanted));
			}
			else {
				ExecutorService pool = Executors.newFixedThreadPool(parts);
				try {
					List<Future<RangeResult>> futures = new ArrayList<>();
					for (Range range : ranges) {
						futures.add(pool.submit(() -> check(range, wanted)));
					}
					for (Future<RangeResult> future : futures) {
						results.add(future.get());
					}
				}
				finally {
					pool.shutdownNow();
				}
			}
			long checked = 0;
			byte[] prev = fromHash;
			Map<Long, byte[]> found = new HashMap<>();
			for (RangeResult result : results) {
				checked += result.rows;
				if (result.rows > 0 && !ChainHash.same(result.firstPrev, prev)) {
					return failure(started, checked, checkpoints.size(), Problem.BROKEN_LINK, result.range.low,
							"entry " + result.range.low + " does not point to the hash of its predecessor");
				}
				if (result.problem != null) {
					return failure(started, checked, checkpoints.size(), result.problem, result.badSeq,
							result.explanation);
				}
				if (result.rows > 0) {
					prev = result.lastHash;
				}
				found.putAll(result.checkpointHashes);
			}
			long agreedUpTo = fromSeq;
			for (Checkpoint checkpoint : checkpoints) {
				if (checkpoint.size() <= fromSeq) {
					continue;
				}
				if (checkpoint.size() > maxSeq) {
					return failure(started, checked, checkpoints.size(), Problem.TRUNCATED, maxSeq + 1,
							"the chain ends at entry " + maxSeq + " but a signed checkpoint says it had "
									+ checkpoint.size() + ": entries " + (maxSeq + 1) + ".." + checkpoint.size()
									+ " are missing");
				}
				if (!ChainHash.same(found.get(checkpoint.size()), checkpoint.hash())) {
					return failure(started, checked, checkpoints.size(), Problem.CHECKPOINT_MISMATCH, agreedUpTo + 1,
							"the chain disagrees with the signed checkpoint at size " + checkpoint.size()
									+ ": entries " + (agreedUpTo + 1) + ".." + checkpoint.size() + " were rewritten");
				}
				agreedUpTo = checkpoint.size();
			}
			if (pendingStale > 0) {
				return failure(started, checked, checkpoints.size(), Problem.STALE_PENDING, maxSeq + 1,
						pendingStale + " audit entries have waited more than " + pendingBound.toSeconds()
								+ " s to be chained (is Haven running?)");
			}
			return new Report(checked, checkpoints.size(), pendingStale, maxSeq, prev, Optional.empty(), 0, "",
					Duration.ofNanos(System.nanoTime() - started));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("the audit chain could not be read: " + ex.getSQLState(), ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("the audit chain could not be read", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while verifying the audit chain", ex);
		}
	}

	private record Range(long low, long high) {
	}

	private static final class RangeResult {

		Range range;

		long rows;

		byte[] firstPrev;

		byte[] lastHash;

		Problem problem;

		long badSeq;

		String explanation;

		final Map<Long, byte[]> checkpointHashes = new HashMap<>();

	}

	private RangeResult check(Range range, Map<Long, byte[]> wanted) throws SQLException {
		RangeResult result = new RangeResult();
		result.range = range;
		if (range.high < range.low) {
			return result;
		}
		ChainHash hasher = new ChainHash();
		try (Connection db = dataSource.getConnection()) {
			db.setAutoCommit(false); // a cursor, not the whole result in memory
			db.setReadOnly(true);
			try (PreparedStatement select = db.prepareStatement("SELECT seq, prev_hash, hash, " + RAW_COLUMNS
					+ " FROM audit.entry WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
				select.setFetchSize(FETCH);
				// Binary results: hashes arrive as raw bytes instead of hex text to decode.
				select.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
				select.setLong(1, range.low);
				select.setLong(2, range.high);
				try (ResultSet rs = select.executeQuery()) {
					long expected = range.low;
					byte[] prev = null;
					byte[][] fields = new byte[13][];
					while (rs.next()) {
						long seq = rs.getLong(1);
						byte[] prevHash = rs.getBytes(2);
						byte[] hash = rs.getBytes(3);
						if (seq != expected) {
							return bad(result, Problem.MISSING, expected, "entry " + expected + " is missing");
						}
						if (prev == null) {
							result.firstPrev = prevHash;
						}
						else if (!ChainHash.same(prev, prevHash)) {
							return bad(result, Problem.BROKEN_LINK, seq,
									"entry " + seq + " does not point to the hash of its predecessor");
						}
						// Columns 4..17 are RAW_COLUMNS: ids as binary uuids, the time as binary timestamptz.
						fields[0] = uuidText(rs, 4);
						fields[1] = uuidText(rs, 5);
						long micros = micros(rs, 6);
						fields[2] = uuidText(rs, 7);
						for (int f = 3; f < 7; f++) {
							fields[f] = rs.getBytes(f + 5);
						}
						fields[7] = uuidText(rs, 12);
						for (int f = 8; f < 13; f++) {
							fields[f] = rs.getBytes(f + 5);
						}
						if (!ChainHash.same(hasher.hashRaw(prevHash, seq, micros, fields), hash)) {
							return bad(result, Problem.MODIFIED, seq, "entry " + seq + " was modified");
						}
						if (wanted.containsKey(seq)) {
							result.checkpointHashes.put(seq, hash);
						}
						prev = hash;
						expected++;
						result.rows++;
					}
					result.lastHash = prev;
					if (expected <= range.high) {
						return bad(result, Problem.MISSING, expected, "entry " + expected + " is missing");
					}
				}
			}
			db.rollback();
		}
		return result;
	}

	/**
	 * The hashed columns as stored, for the binary cursor: no casts or arithmetic on the server, whose CPU is the
	 * bottleneck of verification. Same order as {@link ChainRow#COLUMNS}.
	 */
	static final String RAW_COLUMNS = "entry_id, org_id, occurred_at, actor_user, actor_role, actor_session, "
			+ "source_address, action, client_id, resource_type, resource_id, purpose, outcome, details";

	/** Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01. */
	private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

	private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	/** A uuid column as the lower-case text the hash covers, from its 16 binary bytes (or its text, if sent so). */
	static byte[] uuidText(ResultSet rs, int column) throws SQLException {
		byte[] raw = rs.getBytes(column);
		if (raw == null || raw.length != 16) {
			return raw == null ? null : rs.getString(column).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		}
		byte[] text = new byte[36];
		int at = 0;
		for (int i = 0; i < 16; i++) {
			if (i == 4 || i == 6 || i == 8 || i == 10) {
				text[at++] = '-';
			}
			text[at++] = HEX[(raw[i] >> 4) & 0xf];
			text[at++] = HEX[raw[i] & 0xf];
		}
		return text;
	}

	/** A timestamptz column as microseconds since 1970, from its 8 binary bytes (or parsed, if sent as text). */
	static long micros(ResultSet rs, int column) throws SQLException {
		byte[] raw = rs.getBytes(column);
		if (raw.length != 8) {
			java.time.Instant at = rs.getObject(column, java.time.OffsetDateTime.class).toInstant();
			return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
		}
		long value = 0;
		for (byte b : raw) {
			value = (value << 8) | (b & 0xff);
		}
		return value + PG_EPOCH_MICROS;
	}

	private static RangeResult bad(RangeResult result, Problem problem, long seq, String explanation) {
		result.problem = problem;
		result.badSeq = seq;
		result.explanation = explanation;
		return result;
	}

	private static Report failure(long started, long entries, int checkpoints, Problem problem, long seq,
			String explanation) {
		return new Report(entries, checkpoints, 0, 0, null, Optional.of(problem), seq, explanation,
				Duration.ofNanos(System.nanoTime() - started));
	}

}
