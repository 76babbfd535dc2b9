package health.haven.operations.internal;

import health.haven.operations.HavenConfig;
import health.haven.operations.StartupFailure;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database as admin subcommands ({@code psql}, {@code audit verify}, {@code keys rotate}, ...) reach it: as the
 * owner role, with the schema migrated. For the embedded database, a running Haven's server is used when there is
 * one; otherwise the server is started for the length of the command and stopped after it.
 */
public final class AdminDatabase implements AutoCloseable {

	private final DatabaseAccess access;

	private final EmbeddedDatabase started;

	private AdminDatabase(DatabaseAccess access, EmbeddedDatabase started) {
		this.access = access;
		this.started = started;
	}

	public static AdminDatabase open(HavenConfig config) {
		if (config.embeddedDatabase()) {
			if (!Files.exists(config.dataFile("postgres").resolve("PG_VERSION"))) {
				throw new StartupFailure(
						"no embedded database in " + config.dataDir() + " yet: run './haven run' first");
			}
			EmbeddedDatabase database = EmbeddedDatabase.startOrAttach(config.dataDir());
			try {
				DatabaseAccess access = DatabaseProvisioning.embedded(database, config.dataDir());
				Migrations.apply(access);
				return new AdminDatabase(access, database);
			}
			catch (RuntimeException ex) {
				database.close();
				throw ex;
			}
		}
		DatabaseProvisioning.checkReachable(config);
		DatabaseAccess access = DatabaseProvisioning.external(config);
		Migrations.apply(access);
		return new AdminDatabase(access, null);
	}

	public DatabaseAccess access() {
		return access;
	}

	/** A data source connecting as the owner role (the admin commands' identity). */
	public DataSource ownerDataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(access.url());
		dataSource.setUser(access.ownerUser());
		dataSource.setPassword(access.ownerPassword());
		return dataSource;
	}

	@Override
	public void close() {
		if (started != null) {
			started.close();
		}
	}

}
