package health.haven.audit;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.audit.internal.ChainWriter;
import health.haven.support.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * kill -9 during appends loses no acknowledged entry: a separate JVM appends through the chain writer (writes and
 * reads) into the test server's database and prints every acknowledged id; it is killed mid-way, the server's own
 * chainer picks up what the dead process left pending, and every acknowledged id is then in a chain that verifies.
 */
@Covers("SEC-AU-01")
class AuditCrashIT {

	@TempDir
	Path temp;

	@Test
	void killingTheWriterMidwayLosesNoAcknowledgedEntryAndTheChainStillVerifies() throws Exception {
		TestServer server = TestServer.get();
		Environment env = server.bean(Environment.class);
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				AuditCrashWriter.class.getName(), env.getProperty("spring.datasource.url"),
				env.getProperty("spring.datasource.username"), env.getProperty("spring.datasource.password"),
				temp.resolve("checkpoints").toString());
		Process child = new ProcessBuilder(command).redirectError(temp.resolve("child.err").toFile()).start();
		Set<UUID> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
		Thread reader = new Thread(() -> {
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = out.readLine()) != null) {
					if (line.startsWith("ACK ") && line.length() == 40) {
						acknowledged.add(UUID.fromString(line.substring(4)));
					}
				}
			}
			catch (java.io.IOException ex) {
				// the stream closes when the child is killed
			}
		});
		reader.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (acknowledged.size() < 3000 && System.nanoTime() < deadline && child.isAlive()) {
			Thread.sleep(5);
		}
		child.destroyForcibly(); // SIGKILL: no shutdown hooks, batches cut off mid-flight
		assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
		reader.join(10_000);
		assertThat(acknowledged).as("the child appended (stderr: %s)", Files.readString(temp.resolve("child.err")))
			.hasSizeGreaterThanOrEqualTo(1000);

		ChainWriter survivor = server.bean(ChainWriter.class);
		assertThat(survivor.awaitPendingDrained(Duration.ofSeconds(30))).isTrue();
		JdbcClient app = server.bean(JdbcClient.class);
		Set<UUID> chained = new HashSet<>(app.sql("SELECT entry_id FROM audit.entry WHERE entry_id = ANY (?)")
			.param(acknowledged.toArray(UUID[]::new))
			.query(UUID.class)
			.list());
		Set<UUID> lost = new HashSet<>(acknowledged);
		lost.removeAll(chained);
		assertThat(lost).as("acknowledged entries missing after the crash").isEmpty();
		AuditVerification.Result result = AuditVerification.verify(server.bean(DataSource.class), server.dataDir());
		assertThat(result.ok()).as(result.explanation()).isTrue();
	}

}
