package health.haven.audit;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.HavenApplication;
import health.haven.audit.internal.ChainWriter;
import health.haven.shared.ClientId;
import health.haven.shared.UserId;
import health.haven.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The operator's view: {@code ./haven audit verify} and the {@code auditChain} health component. */
@Covers("SEC-AU-01")
class AuditOperationsIT {

	final TestServer server = TestServer.get();

	/**
	 * Runs the real command in a separate process against a sandbox database with its own checkpoint log, so that the
	 * forged checkpoint never touches the shared test server (whose health other tests read).
	 */
	@Test
	void auditVerifySaysOkOnACleanChainAndNamesTheFirstBadEntryOtherwise() throws Exception {
		try (AuditSandbox sandbox = AuditSandbox.create()) {
			ChainWriter writer = sandbox.writer(5);
			for (int i = 0; i < 20; i++) {
				writer.appendDurably(java.util.UUID.randomUUID(), AuditFixtures.anyEntry(i));
			}
			writer.close();
			Map<String, String> env = sandbox.commandLineEnvironment();
			Result clean = haven(env, "audit", "verify");
			assertThat(clean.exitCode()).as(clean.stderr()).isZero();
			assertThat(clean.lastLine()).startsWith("audit: OK entries=20 ");

			// A checkpoint line that was not signed by the key (here: a forged size) must fail verification.
			Path log = sandbox.checkpointDir().resolve("checkpoints.log");
			List<String> lines = Files.readAllLines(log);
			String last = lines.get(lines.size() - 1);
			long forgedSize = Long.parseLong(last.substring(0, last.indexOf(' '))) + 1;
			Files.writeString(log, forgedSize + last.substring(last.indexOf(' ')) + "\n",
					java.nio.file.StandardOpenOption.APPEND);
			Result bad = haven(env, "audit", "verify");
			assertThat(bad.exitCode()).isNotZero();
			assertThat(bad.lastLine())
				.startsWith("audit: FAILED first_bad_seq=" + forgedSize + " problem=CHECKPOINT_SIGNATURE");
		}
		assertThat(haven(Map.of("HAVEN_DATA_DIR", server.dataDir().toString()), "audit", "frobnicate").exitCode())
			.isEqualTo(2);
	}

	@Test
	void theChainShowsInHealth() throws Exception {
		// The writer reports DOWN from a failed batch until its next good one: AuditCrashIT, if it ran just before,
		// can leave it there (its killed writer races the server's chainer), and an idle server writes nothing.
		server.bean(AuditTrail.class).recordBeforeRead(AuditFixtures.anyEntry(1));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		String body = "";
		while (System.nanoTime() < deadline) {
			body = server.http()
				.send(HttpRequest.newBuilder(server.uri("/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			if (body.contains("\"auditChain\":{\"status\":\"UP\"")) {
				break;
			}
			Thread.sleep(500);
		}
		assertThat(body).contains("\"auditChain\":{\"status\":\"UP\"");
	}

	private Result haven(Map<String, String> env, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), HavenApplication.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().keySet().removeIf(key -> key.startsWith("HAVEN_"));
		builder.environment().putAll(env);
		Process process = builder.start();
		process.getOutputStream().close();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
				new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	record Result(int exitCode, String stdout, String stderr) {

		/** The command's own line (Flyway may log above it). */
		String lastLine() {
			List<String> lines = stdout.lines().filter(line -> !line.isBlank()).toList();
			return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
		}

	}

}
