package health.haven.audit.internal;

import health.haven.audit.AuditVerification;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Wires the chain writer, its own database connection and the checkpoint log. Settings (all optional):
 * {@code haven.audit.checkpoint-every-entries} (1000), {@code haven.audit.checkpoint-every} (60 s),
 * {@code haven.audit.durable-timeout} (5 s), {@code haven.audit.verify-every} (10 min).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditConfiguration {

	@Bean
	Checkpoints auditCheckpoints(@Value("${haven.data-dir}") Path dataDir,
			@Value("${haven.audit.checkpoint-every-entries:1000}") long everyEntries,
			@Value("${haven.audit.checkpoint-every:60s}") Duration every) {
		return Checkpoints.open(AuditVerification.checkpointDir(dataDir), everyEntries, every);
	}

	/**
	 * The chainer's own connection source, outside the application's pool, with batched inserts rewritten into
	 * multi-row inserts (one round trip per batch).
	 */
	@Bean
	ChainDataSource auditChainDataSource(@Value("${spring.datasource.url}") String url,
			@Value("${spring.datasource.username}") String user, @Value("${spring.datasource.password}") String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(url);
		dataSource.setUser(user);
		dataSource.setPassword(password);
		dataSource.setReWriteBatchedInserts(true);
		dataSource.setApplicationName("haven-audit");
		return new ChainDataSource(dataSource);
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	ChainWriter auditChainWriter(DataSource dataSource, ChainDataSource chain, Checkpoints checkpoints,
			@Value("${haven.audit.durable-timeout:5s}") Duration durableTimeout) {
		return new ChainWriter(dataSource, chain.dataSource(), checkpoints, Clock.systemUTC(), durableTimeout,
				Duration.ofMillis(250));
	}

	/** A holder, so that the chainer's data source is not mistaken for the application's by auto-configuration. */
	record ChainDataSource(DataSource dataSource) {
	}

}
