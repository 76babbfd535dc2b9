package health.haven.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import health.haven.shared.tenancy.TenantScopedDataSource;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Sessions are read and written through a small pool of their own that never carries an organization (ADR 0016). */
class SessionPoolIT {

	final TestServer server = TestServer.get();

	@Test
	void sessionsAreStoredThroughTheirOwnPoolWithoutAnOrganization() {
		JdbcIndexedSessionRepository sessions = server.bean(JdbcIndexedSessionRepository.class);
		JdbcTemplate statements = (JdbcTemplate) ReflectionTestUtils.getField(sessions, "jdbcOperations");
		TransactionTemplate transactions = (TransactionTemplate) ReflectionTestUtils.getField(sessions,
				"transactionOperations");
		assertThat(statements.getDataSource()).isInstanceOfSatisfying(HikariDataSource.class,
				pool -> assertThat(pool.getPoolName()).isEqualTo("haven-sessions"));
		assertThat(transactions.getTransactionManager()).isInstanceOfSatisfying(DataSourceTransactionManager.class,
				manager -> assertThat(manager.getDataSource()).isSameAs(statements.getDataSource()));
	}

	@Test
	void everythingElseStillGetsTheTenantScopedApplicationPool() {
		DataSource application = server.bean(DataSource.class);
		assertThat(application).isInstanceOf(TenantScopedDataSource.class);
		assertThat(((TenantScopedDataSource) application).getTargetDataSource())
			.isInstanceOfSatisfying(HikariDataSource.class, pool -> assertThat(pool.getPoolName()).isEqualTo("haven"));
		assertThat(server.bean(PlatformTransactionManager.class)).isInstanceOfSatisfying(DataSourceTransactionManager.class,
				manager -> assertThat(manager.getDataSource()).isSameAs(application));
	}

	@Test
	void aSessionWrittenThroughItsPoolIsSeenByHavensOwnQueries() {
		DemoAccounts.Account clinician = DemoAccounts.withRole(server.dataDir(), "CLINICIAN");
		Http browser = new Http(server);
		browser.signIn(clinician);
		assertThat(browser.get("/").body()).contains("Sign out");
		String session = browser.cookie("HAVEN_SESSION").orElseThrow();
		// The cookie carries the session id base64-encoded (Spring Session's default cookie serializer).
		String id = new String(Base64.getDecoder().decode(session), StandardCharsets.UTF_8);
		assertThat(server.bean(LiveSessions.class).alive(List.of(id))).containsExactly(id);
	}

}
