package health.haven.identity.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import health.haven.shared.tenancy.Untenanted;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.jdbc.config.annotation.SpringSessionDataSource;
import org.springframework.session.jdbc.config.annotation.SpringSessionTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Session's own small pool (ADR 0016). Every signed-in request reads its session before the organization is
 * known and writes it back after, and session tables belong to no tenant (no row-level security), so on the shared,
 * tenant-scoped pool each request switched a connection's {@code haven.org_id} to "" and back: two extra round
 * trips. These connections never carry an organization.
 *
 * <p>Both beans are for Spring Session only ({@code defaultCandidate = false}): whatever asks for a plain
 * {@code DataSource} or transaction manager still gets Boot's, and Boot still configures them. Haven's own queries
 * on the session table (signing out everywhere, live sessions) keep using the application's pool and transactions.
 */
@Configuration(proxyBeanMethods = false)
class SessionStore {

	@Bean(defaultCandidate = false)
	@SpringSessionDataSource
	@Untenanted
	HikariDataSource sessionDataSource(JdbcConnectionDetails database) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("haven-sessions");
		config.setJdbcUrl(database.getJdbcUrl());
		config.setUsername(database.getUsername());
		config.setPassword(database.getPassword());
		config.setDriverClassName(database.getDriverClassName());
		// A session read or write is a statement or two, held for well under a millisecond.
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(1);
		return new HikariDataSource(config);
	}

	/** Spring Session otherwise uses the application's transaction manager, whose connections come from the other pool. */
	@Bean(defaultCandidate = false)
	@SpringSessionTransactionManager
	PlatformTransactionManager sessionTransactions(@SpringSessionDataSource DataSource sessions) {
		return new DataSourceTransactionManager(sessions);
	}

}
