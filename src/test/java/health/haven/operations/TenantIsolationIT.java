package health.haven.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.identity.Accounts;
import health.haven.identity.CareTeams;
import health.haven.identity.NewAccount;
import health.haven.identity.Role;
import health.haven.records.Clients;
import health.haven.records.NewClient;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.TestServer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Tenant isolation enforced by PostgreSQL itself: raw SQL as the application role, set to organization A, reads
 * nothing of organization B and writes nothing into it, on every tenant-owned table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Covers("SEC-AC-01")
class TenantIsolationIT {

	/**
	 * Tables that carry an organization id but are deliberately outside row-level security, each with its reason.
	 * A new table with an org_id column fails this test until it gets RLS or a line here.
	 */
	static final Map<String, String> NOT_TENANT_SCOPED = Map.ofEntries(
			Map.entry("identity.sign_in_name", "the one cross-tenant lookup sign-in needs: keyed e-mail index to account and organization"),
			Map.entry("audit.entry", "one deployment-wide hash chain; the application role can only append"),
			Map.entry("audit.pending", "the chainer's inbox, moved into audit.entry within milliseconds"),
			Map.entry("crypto.org_key", "wrapped key material only, read by the key ring for any organization"),
			Map.entry("crypto.data_key", "wrapped key material only"),
			Map.entry("crypto.index_key", "wrapped key material only"),
			Map.entry("crypto.reencryption_job", "operator jobs across organizations"),
			Map.entry("operations.demo_seed", "marks the demo as seeded, once per deployment"),
			Map.entry("identity.account_sealing_backlog", "accounts made before sealing, emptied at the next start"),
			Map.entry("identity.invitation_token", "an invitation link is opened before anyone is signed in: token hash to ids only"),
			Map.entry("scheduling.calendar_feed", "a calendar app fetches its feed without signing in: token hash to ids only"),
			Map.entry("messaging.tenant", "organization ids only, for the retention and e-mail sweeps to know whom to visit"));

	final TestServer server = TestServer.get();

	OrgId a;

	OrgId b;

	ClientId bClient;

	@BeforeAll
	void twoOrganizations() {
		ActorRef test = ActorRef.system("tenant-test");
		Accounts accounts = server.bean(Accounts.class);
		a = accounts.createOrganization(test, "Org A", "org-a-" + suffix());
		b = accounts.createOrganization(test, "Org B", "org-b-" + suffix());
		for (OrgId org : List.of(a, b)) {
			UserId clinician = accounts.open(test, new NewAccount(org, "c-" + suffix() + "@example.test", "Clinician",
					"a long enough passphrase " + UUID.randomUUID(), Set.of(Role.CLINICIAN)));
			ClientId client = server.bean(Clients.class)
				.register(test, org, new NewClient("Test Person", LocalDate.of(1990, 1, 1), "TX", null));
			CareTeams teams = server.bean(CareTeams.class);
			UUID program = teams.createProgram(test, org, "Program");
			UUID team = teams.createCareTeam(test, org, Optional.of(program), "Team");
			teams.addMember(test, org, team, clinician);
			teams.assignClient(test, org, team, client);
			if (org.equals(b)) {
				bClient = client;
			}
		}
	}

	@Test
	void everyTableWithAnOrganizationIdHasForcedRowLevelSecurityOrAStatedReason() {
		List<String> unprotected = superuser().sql("""
				SELECT n.nspname || '.' || c.relname FROM pg_class c
				JOIN pg_namespace n ON n.oid = c.relnamespace
				JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname IN ('org_id') AND NOT a.attisdropped
				WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'public')
				  AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
				ORDER BY 1""").query(String.class).list();
		assertThat(unprotected).allSatisfy(table -> assertThat(NOT_TENANT_SCOPED).containsKey(table));
		assertThat(tenantTables()).contains("identity.user_account", "identity.care_team_client", "records.client",
				"consent.break_glass");
	}

	@Test
	void setToOrganizationAReadsNothingOfOrganizationB() {
		JdbcClient app = applicationRoleSetTo(a);
		for (String table : tenantTables()) {
			String org = table.equals("identity.organization") ? "id" : "org_id";
			assertThat(app.sql("SELECT count(*) FROM " + table + " WHERE " + org + " = ?").param(b.value())
				.query(Long.class).single()).as(table).isZero();
			assertThat(app.sql("SELECT count(*) FROM " + table + " WHERE " + org + " <> ?").param(a.value())
				.query(Long.class).single()).as(table + " shows only organization A").isZero();
		}
		assertThat(app.sql("SELECT count(*) FROM records.client").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void setToOrganizationAChangesNothingOfOrganizationB() {
		JdbcClient app = applicationRoleSetTo(a);
		assertThat(app.sql("UPDATE records.client SET status = 'discharged' WHERE id = ?").param(bClient.value())
			.update()).isZero();
		assertThat(app.sql("DELETE FROM identity.care_team_client WHERE org_id = ?").param(b.value()).update())
			.isZero();
		assertThatThrownBy(() -> app.sql("""
				INSERT INTO records.client (id, org_id, name, date_of_birth, state) VALUES (?, ?, '\\x00', '\\x00', '\\x00')""")
			.params(UUID.randomUUID(), b.value())
			.update()).rootCause().hasMessageContaining("row-level security");
		assertThatThrownBy(() -> app.sql("UPDATE records.client SET org_id = ? WHERE org_id = ?")
			.params(b.value(), a.value())
			.update()).as("nor move A's rows into B").rootCause().hasMessageContaining("row-level security");
		assertThat(superuser().sql("SELECT status FROM records.client WHERE id = ?").param(bClient.value())
			.query(String.class).single()).isEqualTo("active");
	}

	@Test
	void withNoOrganizationSetTheTenantTablesLookEmpty() {
		JdbcClient app = applicationRoleSetTo(null);
		for (String table : tenantTables()) {
			assertThat(app.sql("SELECT count(*) FROM " + table).query(Long.class).single()).as(table).isZero();
		}
	}

	private List<String> tenantTables() {
		return superuser().sql("""
				SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE c.relkind = 'r' AND c.relrowsecurity AND c.relforcerowsecurity ORDER BY 1""")
			.query(String.class)
			.list();
	}

	/** A connection of its own as the application role, outside Haven's pool and its tenant wrapper. */
	private JdbcClient applicationRoleSetTo(OrgId org) {
		var env = server.context().getEnvironment();
		PGSimpleDataSource raw = new PGSimpleDataSource();
		raw.setUrl(env.getProperty("spring.datasource.url"));
		raw.setUser(env.getProperty("spring.datasource.username"));
		raw.setPassword(env.getProperty("spring.datasource.password"));
		SingleConnectionDataSource single = new SingleConnectionDataSource();
		single.setUrl(raw.getUrl());
		single.setUsername(raw.getUser());
		single.setPassword(raw.getPassword());
		single.setSuppressClose(true);
		JdbcClient app = JdbcClient.create(single);
		assertThat(app.sql("SELECT current_user").query(String.class).single()).isEqualTo(raw.getUser());
		app.sql("SELECT set_config('haven.org_id', ?, false)").param(org == null ? "" : org.toString())
			.query(String.class).single();
		return app;
	}

	private JdbcClient superuser() {
		return server.superuserDb();
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
