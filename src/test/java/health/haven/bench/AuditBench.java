package health.haven.bench;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.internal.ChainHash;
import health.haven.audit.internal.ChainRow;
import health.haven.audit.internal.ChainVerifier;
import health.haven.audit.internal.ChainWriter;
import health.haven.audit.internal.Checkpoints;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The audit benchmark behind {@code bench/audit.sh}, on a fresh embedded PostgreSQL (loopback, synchronous_commit on):
 * <ol>
 * <li>a valid 5M-entry chain, hashed in Java and bulk-loaded with COPY (a server-side bulk path; a generate_series
 * INSERT cannot compute a hash chain, each hash depends on the previous), then indexed and vacuumed;</li>
 * <li>append throughput: 16 writers calling the group-committing {@code appendDurably} (each waits for its entry to be
 * durable), and the same 16 writers inserting the same rows into a plain table with the same columns and indexes but
 * no chain, one durable transaction per row (what each request would pay without the audit chain);</li>
 * <li>verification of the whole chain with the same verifier as {@code ./haven audit verify};</li>
 * <li>p99 of "accesses to client X" (newest 50) and "clients touched by user U in 30 days" over the 5M entries.</li>
 * </ol>
 * Progress goes to standard error; the last line of standard output is the result.
 */
public final class AuditBench {

	static final int WRITERS = 16;

	static final int USERS = 1_000;

	static final int CLIENTS = 50_000;

	static final Duration HISTORY = Duration.ofDays(90);

	public static void main(String[] args) throws Exception {
		// Progress lines of the embedded server and Flyway would otherwise land on standard output after the result.
		if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
			context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
		}
		long rows = Long.parseLong(System.getProperty("bench.rows", "5000000"));
		String result;
		Duration appendFor = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.append-seconds", "10")));
		Path work = Files.createTempDirectory("haven-audit-bench-");
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(work.resolve("pg"))
			.setCleanDataDirectory(true)
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("unix_socket_directories", "")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("shared_buffers", "256MB")
			.setServerConfig("max_wal_size", "4GB")
			.setServerConfig("maintenance_work_mem", "256MB")
			.setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
			.setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
			PGSimpleDataSource owner = dataSource(url, "postgres", "");
			try (Connection db = owner.getConnection(); Statement sql = db.createStatement()) {
				sql.execute("CREATE ROLE bench_app LOGIN PASSWORD 'bench'");
			}
			Flyway.configure()
				.dataSource(owner)
				.schemas("audit")
				.defaultSchema("audit")
				.createSchemas(true)
				.locations("classpath:db/migration/audit")
				.placeholders(Map.of("appRole", "bench_app"))
				.load()
				.migrate();
			PGSimpleDataSource app = dataSource(url, "bench_app", "bench");

			UUID[] users = uuids(USERS, 1);
			UUID[] clients = uuids(CLIENTS, 2);
			OrgId org = new OrgId(new UUID(3, 3));
			Instant now = Instant.now();

			long t0 = System.nanoTime();
			generate(owner, rows, org, users, clients, now);
			log("generated %,d chained entries in %.1f s", rows, seconds(t0));

			// (a) append throughput, chained vs plain, same run
			PGSimpleDataSource chain = dataSource(url, "bench_app", "bench");
			chain.setReWriteBatchedInserts(true);
			ChainWriter writer = new ChainWriter(app, chain,
					Checkpoints.open(work.resolve("checkpoints"), 1000, Duration.ofSeconds(60)), Clock.systemUTC(),
					Duration.ofSeconds(30), Duration.ofMillis(250));
			writer.start();
			double chained = run(appendFor, i -> writer.appendDurably(UUID.randomUUID(), entry(org, users, clients, i)));
			writer.close();
			log("chained appends: %.0f entries/s with %d writers", chained, WRITERS);
			try (Connection db = owner.getConnection(); Statement sql = db.createStatement()) {
				sql.execute("CREATE TABLE audit.plain (LIKE audit.entry INCLUDING DEFAULTS INCLUDING INDEXES)");
				sql.execute("ALTER TABLE audit.plain DROP COLUMN prev_hash, DROP COLUMN hash");
				sql.execute("CREATE SEQUENCE audit.plain_seq OWNED BY audit.plain.seq");
				sql.execute("ALTER TABLE audit.plain ALTER seq SET DEFAULT nextval('audit.plain_seq')");
				sql.execute("GRANT INSERT ON audit.plain TO bench_app");
				sql.execute("GRANT USAGE ON SEQUENCE audit.plain_seq TO bench_app");
			}
			ThreadLocal<Connection> plainConnections = ThreadLocal.withInitial(() -> {
				try {
					return app.getConnection();
				}
				catch (java.sql.SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
			double plain = run(appendFor, i -> {
				ChainRow row = ChainRow.of(UUID.randomUUID(), entry(org, users, clients, i));
				try (PreparedStatement insert = plainConnections.get()
					.prepareStatement("INSERT INTO audit.plain (entry_id, org_id, occurred_at, actor_user, actor_role, "
							+ "actor_session, source_address, action, client_id, resource_type, resource_id, purpose, "
							+ "outcome, details) VALUES (?::uuid, ?::uuid, ?, ?::uuid, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?)")) {
					insert.setString(1, row.entryId());
					insert.setString(2, row.org());
					insert.setTimestamp(3, Timestamp.from(row.occurredAt()));
					insert.setString(4, row.actorUser());
					insert.setString(5, row.actorRole());
					insert.setString(6, row.actorSession());
					insert.setString(7, row.sourceAddress());
					insert.setString(8, row.action());
					insert.setString(9, row.client());
					insert.setString(10, row.resourceType());
					insert.setString(11, row.resourceId());
					insert.setString(12, row.purpose());
					insert.setString(13, row.outcome());
					insert.setString(14, row.details());
					insert.executeUpdate();
				}
			});
			log("plain inserts: %.0f rows/s with %d writers (one durable transaction per row)", plain, WRITERS);

			// (b) verification
			ChainVerifier.Report report = new ChainVerifier(app, work.resolve("checkpoints"), Duration.ofMinutes(5),
					Integer.getInteger("bench.verify-ranges", 2 * Runtime.getRuntime().availableProcessors()))
				.verify();
			if (!report.ok()) {
				throw new IllegalStateException("the benchmark chain did not verify: " + report.explanation());
			}
			log("verified %,d entries in %.1f s", report.entries(), report.took().toMillis() / 1000.0);

			// (c) queries
			try (Connection db = app.getConnection(); Statement sql = db.createStatement()) {
				sql.execute("ANALYZE audit.entry");
			}
			double clientP99 = p99(app, 300, (select, random) -> {
				select.setObject(1, clients[random.nextInt(CLIENTS)]);
				select.setObject(2, org.value());
			}, "SELECT seq, entry_id, occurred_at, actor_user, actor_role, action, purpose, outcome, resource_type, "
					+ "resource_id FROM audit.entry WHERE client_id = ? AND org_id = ? "
					+ "ORDER BY occurred_at DESC, seq DESC LIMIT 50");
			double scopeP99 = p99(app, 300, (select, random) -> {
				select.setObject(1, users[random.nextInt(USERS)]);
				Instant to = now.minus(Duration.ofDays(random.nextInt(60)));
				select.setTimestamp(2, Timestamp.from(to.minus(Duration.ofDays(30))));
				select.setTimestamp(3, Timestamp.from(to));
				select.setObject(4, org.value());
			}, "SELECT client_id, count(*), min(occurred_at), max(occurred_at) FROM audit.entry "
					+ "WHERE actor_user = ? AND occurred_at >= ? AND occurred_at < ? AND client_id IS NOT NULL "
					+ "AND org_id = ? GROUP BY client_id ORDER BY client_id");
			log("client query p99 %.2f ms, scope query p99 %.2f ms", clientP99, scopeP99);

			result = String.format(Locale.ROOT,
					"audit: append_per_s=%.0f append_ratio=%.2f verify_per_s=%.0f client_query_p99_ms=%.1f "
							+ "scope_query_p99_ms=%.1f",
					chained, chained / plain, report.entriesPerSecond(), clientP99, scopeP99);
		}
		finally {
			postgres.close();
			deleteQuietly(work);
		}
		System.out.println(result);
	}

	/** Writes {@code rows} chained entries with COPY, indexes dropped during the load and rebuilt after. */
	static void generate(PGSimpleDataSource owner, long rows, OrgId org, UUID[] users, UUID[] clients, Instant now)
			throws Exception {
		try (Connection db = owner.getConnection(); Statement sql = db.createStatement()) {
			sql.execute("DROP INDEX audit.entry_client_idx, audit.entry_actor_idx, audit.entry_action_idx");
			sql.execute("ALTER TABLE audit.entry DROP CONSTRAINT entry_pkey, DROP CONSTRAINT entry_entry_id_key");
			CopyIn copy = db.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY audit.entry (seq, entry_id, org_id, occurred_at, actor_user, actor_role, actor_session, "
						+ "source_address, action, client_id, resource_type, resource_id, purpose, outcome, details, "
						+ "prev_hash, hash) FROM STDIN");
			ChainHash hasher = new ChainHash();
			Random random = new Random(42);
			byte[] prev = ChainHash.GENESIS;
			long start = now.minus(HISTORY).toEpochMilli() * 1000;
			long step = HISTORY.toMillis() * 1000 / rows;
			StringBuilder buffer = new StringBuilder(1 << 20);
			String[] userText = Arrays.stream(users).map(UUID::toString).toArray(String[]::new);
			String[] clientText = Arrays.stream(clients).map(UUID::toString).toArray(String[]::new);
			String orgText = org.toString();
			AuditAction[] actions = { AuditAction.READ, AuditAction.READ, AuditAction.READ, AuditAction.UPDATE,
					AuditAction.CREATE, AuditAction.PRINT };
			for (long seq = 1; seq <= rows; seq++) {
				long micros = start + seq * step;
				int user = random.nextInt(users.length);
				boolean security = random.nextInt(20) == 0;
				ChainRow row = new ChainRow(new UUID(random.nextLong(), random.nextLong()).toString(), orgText, micros,
						userText[user], "CLINICIAN", "s" + (seq / 20), "10.0." + (user % 250) + "." + (user / 250),
						security ? AuditAction.SIGN_IN.name() : actions[random.nextInt(actions.length)].name(),
						security ? null : clientText[random.nextInt(clients.length)], security ? null : "ProgressNote",
						security ? null : Long.toString(seq), Purpose.TREATMENT.name(), AuditOutcome.ALLOWED.name(),
						"route=records.note");
				byte[] hash = hasher.hash(prev, seq, row);
				buffer.append(seq).append('\t').append(row.entryId()).append('\t').append(row.org()).append('\t')
					.append(row.occurredAt()).append('\t').append(row.actorUser()).append('\t').append(row.actorRole())
					.append('\t').append(row.actorSession()).append('\t').append(row.sourceAddress()).append('\t')
					.append(row.action()).append('\t').append(nullable(row.client())).append('\t')
					.append(nullable(row.resourceType())).append('\t').append(nullable(row.resourceId())).append('\t')
					.append(row.purpose()).append('\t').append(row.outcome()).append('\t').append(row.details())
					.append("\t\\\\x").append(ChainHash.hex(prev)).append("\t\\\\x").append(ChainHash.hex(hash))
					.append('\n');
				prev = hash;
				if (buffer.length() > (1 << 20) - 2048) {
					byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
					copy.writeToCopy(bytes, 0, bytes.length);
					buffer.setLength(0);
				}
			}
			byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
			copy.writeToCopy(bytes, 0, bytes.length);
			copy.endCopy();
			log("loaded; indexing");
			sql.execute("SET max_parallel_maintenance_workers = 2");
			sql.execute("ALTER TABLE audit.entry ADD PRIMARY KEY (seq), ADD UNIQUE (entry_id)");
			sql.execute("CREATE INDEX entry_client_idx ON audit.entry (client_id, occurred_at, seq) "
					+ "WHERE client_id IS NOT NULL");
			sql.execute("CREATE INDEX entry_actor_idx ON audit.entry (actor_user, occurred_at, seq) "
					+ "INCLUDE (client_id, org_id) WHERE actor_user IS NOT NULL");
			sql.execute("CREATE INDEX entry_action_idx ON audit.entry (action, occurred_at, seq)");
			sql.execute("VACUUM ANALYZE audit.entry");
		}
	}

	static String nullable(String value) {
		return value == null ? "\\N" : value;
	}

	static AuditEntry entry(OrgId org, UUID[] users, UUID[] clients, long i) {
		int user = (int) (i % users.length);
		return AuditEntry.of(ActorRef.user(org, new UserId(users[user]), "CLINICIAN", "s" + i, "10.0.0.1"),
				AuditAction.READ, Purpose.TREATMENT)
			.client(new ClientId(clients[(int) (i * 7919 % clients.length)]))
			.resource("ProgressNote", Long.toString(i))
			.detail("route", "records.note")
			.build();
	}

	interface Append {

		void append(long i) throws Exception;

	}

	/** Runs {@link #WRITERS} threads appending for {@code duration} after a short warm-up; returns appends/s. */
	static double run(Duration duration, Append append) throws InterruptedException {
		AtomicBoolean measuring = new AtomicBoolean(false);
		AtomicBoolean stop = new AtomicBoolean(false);
		LongAdder done = new LongAdder();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < WRITERS; t++) {
			int writer = t;
			Thread thread = new Thread(() -> {
				for (long i = writer; !stop.get(); i += WRITERS) {
					try {
						append.append(i);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
					if (measuring.get()) {
						done.increment();
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		Thread.sleep(2000);
		measuring.set(true);
		long started = System.nanoTime();
		Thread.sleep(duration.toMillis());
		long count = done.sum();
		double elapsed = (System.nanoTime() - started) / 1e9;
		stop.set(true);
		for (Thread thread : threads) {
			thread.join();
		}
		return count / elapsed;
	}

	interface Bind {

		void bind(PreparedStatement select, Random random) throws Exception;

	}

	static double p99(PGSimpleDataSource dataSource, int samples, Bind bind, String sql) throws Exception {
		Random random = new Random(7);
		double[] millis = new double[samples];
		try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(sql)) {
			for (int i = -30; i < samples; i++) { // 30 warm-up queries
				bind.bind(select, random);
				long started = System.nanoTime();
				try (ResultSet rs = select.executeQuery()) {
					while (rs.next()) {
						rs.getObject(1);
					}
				}
				if (i >= 0) {
					millis[i] = (System.nanoTime() - started) / 1e6;
				}
			}
		}
		Arrays.sort(millis);
		return millis[(int) Math.ceil(samples * 0.99) - 1];
	}

	static UUID[] uuids(int count, long prefix) {
		Random random = new Random(prefix);
		UUID[] ids = new UUID[count];
		for (int i = 0; i < count; i++) {
			ids[i] = new UUID(random.nextLong(), random.nextLong());
		}
		return ids;
	}

	static PGSimpleDataSource dataSource(String url, String user, String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(url);
		dataSource.setUser(user);
		dataSource.setPassword(password);
		return dataSource;
	}

	static double seconds(long started) {
		return (System.nanoTime() - started) / 1e9;
	}

	static void log(String format, Object... args) {
		System.err.println("bench: " + String.format(Locale.ROOT, format, args));
	}

	static void deleteQuietly(Path dir) {
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (Exception ex) {
			// a temp directory left behind is harmless
		}
	}

}
