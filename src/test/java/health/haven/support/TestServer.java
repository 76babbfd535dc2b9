package health.haven.support;

import health.haven.HavenApplication;
import health.haven.operations.HavenConfig;
import health.haven.operations.HavenLauncher;
import health.haven.operations.RunningHaven;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One Haven per test JVM, started exactly as {@code ./haven run --demo} starts it (same launcher, real TLS, real
 * PostgreSQL), on a free port and a fresh data directory. Against the machine's PostgreSQL when {@code HAVEN_DB_URL}
 * is set (CI's second pass), on the embedded one otherwise.
 */
public final class TestServer {

	private static TestServer instance;

	private final RunningHaven haven;

	private final Path dataDir;

	private final SSLContext trustingHaven;

	private static com.icegreen.greenmail.util.GreenMail mail;

	/** The SMTP server Haven's notification e-mail goes to in tests. */
	public com.icegreen.greenmail.util.GreenMail mail() {
		return mail;
	}

	private TestServer(RunningHaven haven, Path dataDir) {
		this.haven = haven;
		this.dataDir = dataDir;
		this.trustingHaven = trustOnly(dataDir);
	}

	/** Whether the janus binary is on this machine's PATH. */
	public static boolean janusInstalled() {
		return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, "janus")));
	}

	public static synchronized TestServer get() {
		if (instance == null) {
			try {
				// Telehealth test hooks: the server keeps the signaling messages it sent, the pages report their keys.
				// On unless the JVM says otherwise (the signaling benchmark, which must not keep every message).
				if (System.getProperty("haven.telehealth.test-hooks") == null) {
					System.setProperty("haven.telehealth.test-hooks", "true");
				}
				System.setProperty("haven.telehealth.session-sweep", "PT2S");
				// Group rooms through a real Janus, started by Haven (./haven test installs the janus package).
				if (janusInstalled()) {
					System.setProperty("haven.telehealth.janus.mode", "auto");
				}
				// Notification e-mail goes to a real in-process SMTP server (GreenMail), swept every second.
				mail = new com.icegreen.greenmail.util.GreenMail(
						com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
				mail.start();
				System.setProperty("HAVEN_SMTP_HOST", "127.0.0.1");
				System.setProperty("HAVEN_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
				System.setProperty("HAVEN_SMTP_STARTTLS", "false");
				System.setProperty("haven.messaging.notification-sweep", "PT1S");
				Path dataDir = Files.createTempDirectory("haven-test-");
				Map<String, String> env = new HashMap<>(System.getenv());
				env.put("HAVEN_DATA_DIR", dataDir.toString());
				env.put("HAVEN_PORT", "0");
				env.put("HAVEN_BIND", "127.0.0.1");
				RunningHaven haven = HavenLauncher.start(HavenApplication.class, HavenConfig.fromEnvironment(env, true));
				instance = new TestServer(haven, dataDir);
				Runtime.getRuntime().addShutdownHook(new Thread(haven::close));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return instance;
	}

	public URI uri(String path) {
		return URI.create("https://localhost:" + haven.port() + path);
	}

	public int port() {
		return haven.port();
	}

	public Path dataDir() {
		return dataDir;
	}

	public org.springframework.context.ApplicationContext context() {
		return haven.context();
	}

	public <T> T bean(Class<T> type) {
		return haven.context().getBean(type);
	}

	/** An HTTP client that trusts Haven's generated certificate and nothing else. */
	public HttpClient http() {
		return HttpClient.newBuilder()
			.sslContext(trustingHaven)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	public SSLContext sslContext() {
		return trustingHaven;
	}

	private static SSLContext trustOnly(Path dataDir) {
		try {
			String password = Files.readString(dataDir.resolve("tls/keystore-password")).trim();
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(dataDir.resolve("tls/haven.p12"))) {
				store.load(in, password.toCharArray());
			}
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("haven", store.getCertificate("haven"));
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot trust the test server's certificate", ex);
		}
	}

	/** The owner role (migrations, admin commands): the embedded server's, or the operator's from the environment. */
	public Credentials owner() {
		String externalUser = System.getenv("HAVEN_DB_URL") == null ? null : System.getenv("HAVEN_DB_USER");
		if (externalUser != null) {
			return new Credentials(externalUser, System.getenv().getOrDefault("HAVEN_DB_PASSWORD", ""));
		}
		return new Credentials("haven_owner", secret("db-owner"));
	}

	/**
	 * A superuser for tests that must act as an attacker with full access (tampering with the audit chain): the
	 * embedded server's, or the external owner, which CI's server makes a superuser.
	 */
	public Credentials superuser() {
		return System.getenv("HAVEN_DB_URL") != null ? owner() : new Credentials("postgres", secret("postgres-superuser"));
	}

	/**
	 * SQL as a superuser, who is not held to row-level security: for tests that look at rows across organizations
	 * (the application's own connections see only the organization of the current work).
	 */
	public org.springframework.jdbc.core.simple.JdbcClient superuserDb() {
		if (superuserDb == null) {
			org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
			dataSource.setUrl(context().getEnvironment().getProperty("spring.datasource.url"));
			dataSource.setUser(superuser().user());
			dataSource.setPassword(superuser().password());
			superuserDb = org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
		}
		return superuserDb;
	}

	private org.springframework.jdbc.core.simple.JdbcClient superuserDb;

	/**
	 * The account an e-mail address signs in (addresses are sealed; the database holds only a keyed index of them).
	 */
	public static java.util.UUID accountIdOf(String email) {
		return get().bean(health.haven.identity.Accounts.class)
			.findByEmail(email)
			.orElseThrow(() -> new AssertionError("no account for that e-mail"))
			.value();
	}

	private String secret(String name) {
		try {
			return Files.readString(dataDir.resolve("secrets").resolve(name)).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A database role and its password. */
	public record Credentials(String user, String password) {

		@Override
		public String toString() {
			return "Credentials[" + user + "]";
		}

	}

}
