package health.haven.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Haven as an operator meets it: a separate process started the way {@code ./haven} starts it, with the environment
 * as its only input.
 */
class LauncherIT {

	@TempDir
	Path temp;

	@Nested
	class BadConfigurationEndsWithOneClearLine {

		@Test
		void whenTheDataDirectoryIsNotADirectory() throws Exception {
			Path notADirectory = Files.writeString(temp.resolve("file"), "x");
			Result result = haven(Map.of("HAVEN_DATA_DIR", notADirectory.toString(), "HAVEN_PORT", freePort()), "run");
			assertOneLineFailure(result, "is not a directory");
		}

		@Test
		void whenThePortIsInUse() throws Exception {
			Path dataDir = temp.resolve("data");
			try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
				Result result = haven(Map.of("HAVEN_DATA_DIR", dataDir.toString(), "HAVEN_PORT",
						String.valueOf(taken.getLocalPort())), "run");
				assertOneLineFailure(result, "port " + taken.getLocalPort());
			}
			assertThat(dataDir).as("nothing half-created").doesNotExist();
		}

		@Test
		void whenTheDatabaseIsUnreachable() throws Exception {
			Path dataDir = temp.resolve("data");
			Result result = haven(Map.of("HAVEN_DATA_DIR", dataDir.toString(), "HAVEN_PORT", freePort(), "HAVEN_DB_URL",
					"jdbc:postgresql://127.0.0.1:" + freePort() + "/haven?connectTimeout=3"), "run");
			assertOneLineFailure(result, "cannot reach the database");
			assertThat(dataDir).as("nothing half-created").doesNotExist();
		}

		@Test
		void whenThePortIsNotANumber() throws Exception {
			Result result = haven(Map.of("HAVEN_DATA_DIR", temp.resolve("data").toString(), "HAVEN_PORT", "https"),
					"run");
			assertOneLineFailure(result, "HAVEN_PORT must be a number");
		}

		@Test
		void whenTheCommandIsUnknown() throws Exception {
			Result result = haven(Map.of("HAVEN_DATA_DIR", temp.resolve("data").toString()), "frobnicate");
			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.stderr()).startsWith("haven: unknown command 'frobnicate'");
		}

		private void assertOneLineFailure(Result result, String expected) {
			assertThat(result.exitCode()).isNotZero();
			List<String> lines = result.stderr().lines().filter(line -> !line.isBlank()).toList();
			assertThat(lines).hasSize(1);
			assertThat(lines.get(0)).startsWith("haven: ").contains(expected);
			assertThat(result.stdout() + result.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
		}

	}

	@Test
	void demoRunServesHttpsWritesPrivateCredentialsAndARestartKeepsDataWithoutSeedingTwice() throws Exception {
		Path dataDir = temp.resolve("demo");
		String port = freePort();
		Map<String, String> env = Map.of("HAVEN_DATA_DIR", dataDir.toString(), "HAVEN_PORT", port);
		Path credentials = dataDir.resolve("demo-credentials.json");

		Process first = start(env, "run", "--demo");
		try {
			awaitHealthy(first, port);
			assertThat(Files.getPosixFilePermissions(credentials)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertThat(Files.readString(credentials)).contains("\"username\"", "\"password\"", "\"roles\"",
					"\"displayName\"", "\"totpSecret\"", "CLINICIAN", "CLIENT");
			assertThat(psql(env, "SELECT count(DISTINCT org_id) FROM identity.sign_in_name")).isEqualTo("1");
		}
		finally {
			stop(first);
		}
		assertThat(dataDir.resolve("postgres/postmaster.pid")).as("the database stopped cleanly").doesNotExist();
		Result verify = haven(env, "audit", "verify");
		assertThat(verify.exitCode()).as(verify.stderr()).isZero();
		assertThat(verify.stdout()).as("the demo's seeding is audited and its chain verifies")
			.startsWith("audit: OK entries=")
			.doesNotContain("entries=0 ");
		String seeded = Files.readString(credentials);

		Files.deleteIfExists(temp.resolve("haven.out"));
		Map<String, String> jsonLogs = new java.util.HashMap<>(env);
		jsonLogs.put("HAVEN_LOG_FORMAT", "json");
		Process second = start(jsonLogs, "run", "--demo");
		try {
			awaitHealthy(second, port);
			assertThat(Files.readString(credentials)).as("not seeded twice").isEqualTo(seeded);
			assertThat(psql(env, "SELECT count(DISTINCT org_id) FROM identity.sign_in_name")).isEqualTo("1");
			assertThat(psql(env, "SELECT count(*) FROM identity.sign_in_name")).isEqualTo(
					String.valueOf(seeded.split("\"username\"").length - 1));
		}
		finally {
			stop(second);
		}
		List<String> logLines = Files.readAllLines(temp.resolve("haven.out"))
			.stream()
			.filter(line -> !line.startsWith("Haven is running") && !line.startsWith("Demo accounts"))
			.toList();
		assertThat(logLines).as("structured logging when HAVEN_LOG_FORMAT=json").isNotEmpty().allSatisfy(line -> {
			assertThat(line).startsWith("{").endsWith("}").contains("\"@timestamp\"", "\"level\":", "\"message\"");
		});
	}

	private String psql(Map<String, String> env, String query) throws Exception {
		ProcessBuilder builder = command(env, "psql", "--tuples-only", "--no-align");
		Process process = builder.start();
		process.getOutputStream().write((query + ";\n").getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().close();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(err).isZero();
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
	}

	private void awaitHealthy(Process process, String port) throws Exception {
		HttpClient client = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline && process.isAlive()) {
			try {
				HttpResponse<String> health = client.send(
						HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new AssertionError("Haven did not become healthy on port " + port + " (process "
				+ (process.isAlive() ? "still running" : "exited with " + process.exitValue()) + "); its output:\n"
				+ output());
	}

	private Process start(Map<String, String> env, String... args) throws IOException {
		ProcessBuilder builder = command(env, args);
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(temp.resolve("haven.out").toFile()));
		builder.redirectErrorStream(true);
		return builder.start();
	}

	private String output() throws IOException {
		Path out = temp.resolve("haven.out");
		if (!Files.exists(out)) {
			return "(none)";
		}
		List<String> lines = Files.readAllLines(out);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("Haven did not stop within 60 s of SIGTERM");
		}
	}

	private Result haven(Map<String, String> env, String... args) throws Exception {
		Process process = command(env, args).start();
		process.getOutputStream().close();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(),
				new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
				new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	private static ProcessBuilder command(Map<String, String> env, String... args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "health.haven.HavenApplication"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().keySet().removeIf(key -> key.startsWith("HAVEN_"));
		builder.environment().putAll(env);
		return builder;
	}

	private static String freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return String.valueOf(socket.getLocalPort());
		}
	}

	private static SSLContext trustAll() throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new X509TrustManager() {
			public void checkClientTrusted(X509Certificate[] chain, String type) {
			}

			public void checkServerTrusted(X509Certificate[] chain, String type) {
			}

			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}
		} }, null);
		return context;
	}

	record Result(int exitCode, String stdout, String stderr) {
	}

}
