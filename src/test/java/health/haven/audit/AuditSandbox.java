package health.haven.audit;


import health.haven.audit.internal.ChainWriter;
import health.haven.audit.internal.Checkpoints;
import health.haven.support.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.core.env.Environment;

/**
 * A throw-away database with the audit schema, on the test server's embedded PostgreSQL, for tests that tamper with
 * the chain (as the superuser, with the append-only triggers disabled) without breaking the shared test server.
 */
final class AuditSandbox implements AutoCloseable {

	final String database = "audit_sandbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	final Path dataDir;

	final PGSimpleDataSource app;

	final PGSimpleDataSource superuser;

	private final PGSimpleDataSource superuserAdmin;

	private ChainWriter writer;

	private AuditSandbox(String baseUrl, String appUser, String appPassword, TestServer.Credentials superuserRole,
			Path dataDir) {
		this.dataDir = dataDir;
		this.superuserAdmin = dataSource(baseUrl + "postgres", superuserRole.user(), superuserRole.password());
		this.superuser = dataSource(baseUrl + database, superuserRole.user(), superuserRole.password());
		this.app = dataSource(baseUrl + database, appUser, appPassword);
	}

	static AuditSandbox create() throws Exception {
		TestServer server = TestServer.get();
		Environment env = server.bean(Environment.class);
		String url = env.getProperty("spring.datasource.url");
		String withoutQuery = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
		String baseUrl = withoutQuery.substring(0, withoutQuery.lastIndexOf('/') + 1);
		AuditSandbox sandbox = new AuditSandbox(baseUrl, env.getProperty("spring.datasource.username"),
				env.getProperty("spring.datasource.password"), server.superuser(),
				Files.createTempDirectory("audit-sandbox-"));
		sandbox.createDatabase(env.getProperty("spring.datasource.username"));
		return sandbox;
	}

	private void createDatabase(String appUser) throws SQLException {
		try (Connection db = superuserAdmin.getConnection(); Statement sql = db.createStatement()) {
			sql.execute("CREATE DATABASE " + database);
		}
		Flyway.configure()
			.dataSource(superuser)
			.schemas("audit")
			.defaultSchema("audit")
			.createSchemas(true)
			.locations("classpath:db/migration/audit")
			.placeholders(Map.of("appRole", appUser))
			.failOnMissingLocations(true)
			.load()
			.migrate();
	}

	/**
	 * The environment under which Haven's command line works on this sandbox as on an operator's database: the
	 * sandbox's data directory (checkpoints), its database as the owner, and the test server's application role
	 * (so that no role is created per sandbox).
	 */
	Map<String, String> commandLineEnvironment() {
		return Map.of("HAVEN_DATA_DIR", dataDir.toString(), "HAVEN_DB_URL", superuser.getUrl(), "HAVEN_DB_USER",
				superuser.getUser(), "HAVEN_DB_PASSWORD", superuser.getPassword(), "HAVEN_DB_APP_USER", app.getUser(),
				"HAVEN_DB_APP_PASSWORD", app.getPassword());
	}

	Path checkpointDir() {
		return AuditVerification.checkpointDir(dataDir);
	}

	/** A running chain writer on this database, checkpointing every {@code checkpointEvery} entries. */
	ChainWriter writer(long checkpointEvery) {
		PGSimpleDataSource chain = dataSource(app.getUrl(), app.getUser(), app.getPassword());
		chain.setReWriteBatchedInserts(true);
		writer = new ChainWriter(app, chain, Checkpoints.open(checkpointDir(), checkpointEvery, Duration.ofHours(1)),
				Clock.systemUTC(), Duration.ofSeconds(10), Duration.ofMillis(50));
		writer.start();
		return writer;
	}

	AuditVerification.Result verify() {
		return AuditVerification.verify(app, dataDir);
	}

	/** Runs statements as the superuser with the append-only triggers off, as an attacker with full access would. */
	void tamper(String... statements) throws SQLException {
		try (Connection db = superuser.getConnection(); Statement sql = db.createStatement()) {
			db.setAutoCommit(false);
			sql.execute("ALTER TABLE audit.entry DISABLE TRIGGER USER");
			for (String statement : statements) {
				sql.execute(statement);
			}
			sql.execute("ALTER TABLE audit.entry ENABLE TRIGGER USER");
			db.commit();
		}
	}

	@Override
	public void close() throws Exception {
		if (writer != null) {
			writer.close();
		}
		try (Connection db = superuserAdmin.getConnection(); Statement sql = db.createStatement()) {
			sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
		try (var files = Files.walk(dataDir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

	static PGSimpleDataSource dataSource(String url, String user, String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(url);
		dataSource.setUser(user);
		dataSource.setPassword(password);
		return dataSource;
	}

	static Connection connect(DataSource dataSource) throws SQLException {
		return dataSource.getConnection();
	}

	static Connection connect(String url, String user, String password) throws SQLException {
		return DriverManager.getConnection(url, user, password);
	}

}
