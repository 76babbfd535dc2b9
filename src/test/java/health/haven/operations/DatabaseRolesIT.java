package health.haven.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.support.TestServer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application connects as a role that owns nothing: it cannot change the schema, and later row-level security
 * and the append-only audit table depend on that.
 */
class DatabaseRolesIT {

	final JdbcClient app = TestServer.get().bean(JdbcClient.class);

	@Test
	void theApplicationRoleOwnsNoTableAndNoSchema() {
		String role = app.sql("SELECT current_user").query(String.class).single();
		int ownedTables = app.sql("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")
			.query(Integer.class)
			.single();
		int ownedSchemas = app.sql("SELECT count(*) FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)")
			.query(Integer.class)
			.single();
		assertThat(role).isNotIn("postgres", "haven_owner");
		assertThat(ownedTables).isZero();
		assertThat(ownedSchemas).isZero();
		assertThat(app.sql("SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
			.query(Boolean.class)
			.single()).isFalse();
	}

	@Test
	void theApplicationRoleCannotChangeTheSchema() {
		assertThatThrownBy(() -> app.sql("CREATE TABLE identity.intruder (id int)").update()).rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> app.sql("CREATE TABLE public.intruder (id int)").update()).rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> app.sql("ALTER TABLE identity.user_account ADD COLUMN x int").update()).rootCause()
			.hasMessageContaining("must be owner");
	}

	@Test
	void theConfiguredDatabaseIsTheOneInUse() {
		String database = app.sql("SELECT current_database()").query(String.class).single();
		String configured = System.getenv("HAVEN_DB_URL");
		if (configured == null || configured.isBlank()) {
			assertThat(database).isEqualTo("haven");
		}
		else {
			assertThat(configured).contains("/" + database);
		}
	}

	@Test
	void everyModuleSchemaIsMigrated() {
		for (String schema : health.haven.operations.internal.Migrations.MODULE_SCHEMAS) {
			assertThat(app.sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?")
				.param(schema)
				.query(Integer.class)
				.single()).as(schema).isPositive();
		}
	}

}
