package health.haven.operations.internal;

import health.haven.operations.HavenConfig;
import health.haven.operations.StartupFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Creates the roles and the database Haven needs, idempotently.
 */
public final class DatabaseProvisioning {

	static final String EMBEDDED_DATABASE = "haven";

	static final String EMBEDDED_OWNER = "haven_owner";

	static final String EMBEDDED_APP = "haven_app";

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private DatabaseProvisioning() {
	}

	/** On the embedded server: an owner role, an application role and the {@code haven} database. */
	public static DatabaseAccess embedded(EmbeddedDatabase database, Path dataDir) {
		String ownerPassword = SecretFiles.readOrCreate(dataDir.resolve("secrets").resolve("db-owner"));
		String appPassword = SecretFiles.readOrCreate(dataDir.resolve("secrets").resolve("db-app"));
		try (Connection connection = database.superuserConnection(); Statement sql = connection.createStatement()) {
			ensureRole(connection, EMBEDDED_OWNER, ownerPassword, false);
			ensureRole(connection, EMBEDDED_APP, appPassword, true);
			if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", EMBEDDED_DATABASE)) {
				sql.execute("CREATE DATABASE " + EMBEDDED_DATABASE + " OWNER " + EMBEDDED_OWNER + " ENCODING 'UTF8'");
			}
			sql.execute("REVOKE ALL ON DATABASE " + EMBEDDED_DATABASE + " FROM PUBLIC");
			sql.execute("GRANT CONNECT ON DATABASE " + EMBEDDED_DATABASE + " TO " + EMBEDDED_APP);
		}
		catch (SQLException ex) {
			throw new StartupFailure("cannot prepare the embedded database: " + ex.getMessage(), ex);
		}
		try (Connection connection = database.superuserConnection(EMBEDDED_DATABASE);
				Statement sql = connection.createStatement()) {
			sql.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
		}
		catch (SQLException ex) {
			throw new StartupFailure("cannot prepare the embedded database: " + ex.getMessage(), ex);
		}
		String url = database.jdbcUrl(EMBEDDED_DATABASE);
		return new DatabaseAccess(url, EMBEDDED_OWNER, ownerPassword, EMBEDDED_APP, appPassword);
	}

	/**
	 * On an operator's server: the configured user owns the schemas; the application role is the configured one or
	 * {@code <database>_app}, created (or given a new password kept in the data directory) when the owner may.
	 */
	public static DatabaseAccess external(HavenConfig config) {
		String url = config.dbUrl().orElseThrow();
		try (Connection connection = DriverManager.getConnection(url, config.dbUser(), config.dbPassword())) {
			String databaseName = connection.getCatalog();
			String appUser = config.dbAppUser().orElse(databaseName.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_app");
			if (appUser.equals(connection.getMetaData().getUserName())) {
				throw new StartupFailure(
						"HAVEN_DB_APP_USER must differ from HAVEN_DB_USER: the application role may not own the tables");
			}
			String appPassword = config.dbAppPassword().orElse(null);
			if (appPassword == null) {
				appPassword = SecretFiles.readOrCreate(config.dataDir().resolve("secrets").resolve("db-app"));
				ensureRole(connection, appUser, appPassword, true);
			}
			try (Statement sql = connection.createStatement()) {
				sql.execute("GRANT CONNECT ON DATABASE " + quote(databaseName) + " TO " + identifier(appUser));
			}
			lockPublicSchema(url, config.dbUser(), config.dbPassword());
			return new DatabaseAccess(url, config.dbUser(), config.dbPassword(), appUser, appPassword);
		}
		catch (SQLException ex) {
			throw new StartupFailure("cannot prepare the database at " + withoutCredentials(url) + ": "
					+ EmbeddedDatabase.rootMessage(ex), ex);
		}
	}

	/** Checks that an operator's database answers, before anything is created. */
	public static void checkReachable(HavenConfig config) {
		String url = config.dbUrl().orElseThrow();
		DriverManager.setLoginTimeout(5);
		try (Connection connection = DriverManager.getConnection(url, config.dbUser(), config.dbPassword())) {
			connection.isValid(5);
		}
		catch (SQLException ex) {
			throw new StartupFailure("cannot reach the database at " + withoutCredentials(url) + " as "
					+ config.dbUser() + ": " + EmbeddedDatabase.rootMessage(ex));
		}
	}

	static String withoutCredentials(String url) {
		int query = url.indexOf('?');
		return query < 0 ? url : url.substring(0, query);
	}

	private static void lockPublicSchema(String url, String owner, String password) {
		try (Connection connection = DriverManager.getConnection(url, owner, password);
				Statement sql = connection.createStatement()) {
			sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
		}
		catch (SQLException ex) {
			// Not the schema's owner on an operator's server: their hardening stays theirs.
		}
	}

	private static void ensureRole(Connection connection, String role, String password, boolean application)
			throws SQLException {
		String name = identifier(role);
		String attributes = application ? " NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS"
				: " NOSUPERUSER NOCREATEROLE";
		try (Statement sql = connection.createStatement()) {
			String verb = exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role) ? "ALTER" : "CREATE";
			sql.execute(verb + " ROLE " + name + " LOGIN" + attributes + " PASSWORD '" + password.replace("'", "''")
					+ "'");
		}
	}

	private static boolean exists(Connection connection, String query, String value) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(query)) {
			statement.setString(1, value);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next();
			}
		}
	}

	private static String identifier(String name) {
		if (!IDENTIFIER.matcher(name).matches()) {
			throw new StartupFailure("'" + name + "' is not a valid database role name (use a-z, 0-9 and _)");
		}
		return name;
	}

	private static String quote(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

}
