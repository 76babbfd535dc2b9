package health.haven.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.audit.internal.ChainWriter;
import health.haven.shared.UserId;
import health.haven.support.TestServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit trail in the running application: append-only for the application, transactional, gap-free. */
@Covers("SEC-AU-01")
class AuditTrailIT {

	final TestServer server = TestServer.get();

	final AuditTrail trail = server.bean(AuditTrail.class);

	final JdbcClient app = server.bean(JdbcClient.class);

	final ChainWriter writer = server.bean(ChainWriter.class);

	@Nested
	class TheDatabaseRefusesChanges {

		@Test
		void theApplicationRoleMayNotUpdateDeleteOrTruncateEntries() {
			trail.recordBeforeRead(AuditFixtures.aRead(UserId.random(), health.haven.shared.ClientId.random()));
			for (String sql : List.of("UPDATE audit.entry SET outcome = 'DENIED'", "DELETE FROM audit.entry",
					"TRUNCATE audit.entry")) {
				assertThatThrownBy(() -> app.sql(sql).update()).as(sql)
					.rootCause()
					.hasMessageContaining("permission denied");
			}
		}

		@Test
		void evenTheOwnerIsStoppedByTheAppendOnlyTriggers() throws Exception {
			trail.recordBeforeRead(AuditFixtures.aRead(UserId.random(), health.haven.shared.ClientId.random()));
			Environment env = server.bean(Environment.class);
			TestServer.Credentials ownerRole = server.owner();
			try (Connection owner = DriverManager.getConnection(env.getProperty("spring.datasource.url"),
					ownerRole.user(), ownerRole.password()); Statement sql = owner.createStatement()) {
				for (String statement : List.of("UPDATE audit.entry SET outcome = 'DENIED'", "DELETE FROM audit.entry",
						"TRUNCATE audit.entry")) {
					assertThatThrownBy(() -> sql.execute(statement)).as(statement).hasMessageContaining("append-only");
				}
			}
		}

	}

	@Nested
	class WritesAreAuditedInTheCallersTransaction {

		final TransactionTemplate transaction = new TransactionTemplate(server.bean(PlatformTransactionManager.class));

		@Test
		void aCommittedWriteIsChained() throws Exception {
			UUID id = transaction
				.execute(status -> trail.record(AuditFixtures.aRead(UserId.random(), health.haven.shared.ClientId.random())));
			assertThat(writer.awaitPendingDrained(Duration.ofSeconds(10))).isTrue();
			assertThat(countEntry(id)).isEqualTo(1);
		}

		@Test
		void aRolledBackWriteLeavesNoEntry() throws Exception {
			UUID id = transaction.execute(status -> {
				UUID recorded = trail.record(AuditFixtures.aRead(UserId.random(), health.haven.shared.ClientId.random()));
				status.setRollbackOnly();
				return recorded;
			});
			assertThat(writer.awaitPendingDrained(Duration.ofSeconds(10))).isTrue();
			assertThat(countEntry(id)).isZero();
			assertThat(app.sql("SELECT count(*) FROM audit.pending WHERE entry_id = ?").param(id).query(Long.class).single())
				.isZero();
		}

	}

	@Test
	void aReadIsDurableBeforeRecordBeforeReadReturns() {
		UUID id = trail.recordBeforeRead(AuditFixtures.aRead(UserId.random(), health.haven.shared.ClientId.random()));
		assertThat(app.sql("SELECT count(*) FROM audit.entry WHERE entry_id = ?").param(id).query(Long.class).single())
			.isOne();
	}

	@Test
	void readsTogetherAreAllDurableBeforeTheirResultIsReturned() {
		List<UUID> ids = trail.readingTogether(() -> {
			List<UUID> recorded = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				recorded.add(trail
					.recordBeforeRead(AuditFixtures.aRead(UserId.random(), health.haven.shared.ClientId.random())));
			}
			// A nested call joins the outer one.
			recorded.add(trail.readingTogether(() -> trail
				.recordBeforeRead(AuditFixtures.aRead(UserId.random(), health.haven.shared.ClientId.random()))));
			return recorded;
		});
		assertThat(app.sql("SELECT count(*) FROM audit.entry WHERE entry_id = ANY (?)")
			.param(ids.toArray(UUID[]::new))
			.query(Long.class)
			.single()).isEqualTo(4);
	}

	@Test
	void aHundredThreadsTimesAThousandAppendsGiveAGapFreeChainThatVerifies() throws Exception {
		String run = UUID.randomUUID().toString();
		ExecutorService pool = Executors.newFixedThreadPool(100);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 100; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					for (int i = 0; i < 1000; i++) {
						AuditEntry entry = AuditEntry.of(AuditFixtures.clinician(new UserId(new UUID(7, thread))),
								AuditAction.READ, health.haven.shared.Purpose.TREATMENT)
							.detail("run", run)
							.detail("i", Integer.toString(i))
							.build();
						if ((thread + i) % 2 == 0) {
							trail.recordBeforeRead(entry);
						}
						else {
							trail.record(entry);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(writer.awaitPendingDrained(Duration.ofSeconds(60))).isTrue();
		assertThat(app.sql("SELECT count(*) FROM audit.entry WHERE details LIKE ?")
			.param("i=%;run=" + run)
			.query(Long.class)
			.single()).isEqualTo(100_000);
		assertThat(app.sql("SELECT max(seq) - count(*) FROM audit.entry").query(Long.class).single())
			.as("no gaps")
			.isZero();
		AuditVerification.Result result = AuditVerification.verify(server.bean(DataSource.class), server.dataDir());
		assertThat(result.ok()).as(result.explanation()).isTrue();
		assertThat(result.checkpoints()).isPositive();
	}

	@Test
	void detailsThatCouldCarryPhiAreRefused() {
		assertThatThrownBy(() -> AuditEntry.of(AuditFixtures.clinician(UserId.random()), AuditAction.READ,
				health.haven.shared.Purpose.TREATMENT)
			.detail("search", "Jane Doe")
			.build()).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Jane");
	}

	private long countEntry(UUID id) {
		return app.sql("SELECT count(*) FROM audit.entry WHERE entry_id = ?").param(id).query(Long.class).single();
	}

}
