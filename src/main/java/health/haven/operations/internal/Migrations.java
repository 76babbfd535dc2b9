package health.haven.operations.internal;

import health.haven.operations.StartupFailure;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Applies each module's Flyway migrations to its own schema, as the owner role, in the modules' dependency order.
 * Migrations grant the application role exactly what it needs, through the {@code ${appRole}} placeholder.
 */
public final class Migrations {

	/** Modules that own a schema, lowest first (DESIGN.md section 3). */
	public static final List<String> MODULE_SCHEMAS = List.of("crypto", "audit", "identity", "consent", "records", "scheduling", "telehealth", "incidents", "messaging", "operations");

	private Migrations() {
	}

	public static void apply(DatabaseAccess access) {
		for (String schema : MODULE_SCHEMAS) {
			try {
				Flyway.configure()
					.dataSource(access.url(), access.ownerUser(), access.ownerPassword())
					.schemas(schema)
					.defaultSchema(schema)
					.createSchemas(true)
					.locations("classpath:db/migration/" + schema)
					.placeholders(Map.of("appRole", access.appUser()))
					.failOnMissingLocations(true)
					.loggers("slf4j")
					.load()
					.migrate();
			}
			catch (FlywayException ex) {
				throw new StartupFailure("database migration of the " + schema + " schema failed: "
						+ EmbeddedDatabase.rootMessage(ex), ex);
			}
		}
	}

}
