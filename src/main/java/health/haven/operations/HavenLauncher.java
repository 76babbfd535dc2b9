package health.haven.operations;

import health.haven.shared.PrivateFiles;
import health.haven.operations.internal.DatabaseAccess;
import health.haven.operations.internal.DatabaseProvisioning;
import health.haven.operations.internal.EmbeddedDatabase;
import health.haven.operations.internal.Migrations;
import health.haven.operations.internal.QuietStart;
import health.haven.operations.internal.SelfSignedCertificate;
import health.haven.operations.internal.SelfSignedCertificate.KeyStoreFile;
import health.haven.shared.logging.PhiLogGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts Haven: checks the settings, prepares the data directory, the database and TLS, applies migrations, then
 * starts Spring. Everything an operator can get wrong is checked before anything is created.
 */
public final class HavenLauncher {

	/** TLS 1.3 suites and the TLS 1.2 suites with forward secrecy and AEAD only (NIST SP 800-52r2). */
	static final String CIPHERS = String.join(",", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
			"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
			"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
			"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
			"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

	private HavenLauncher() {
	}

	/**
	 * @param application the Spring Boot application class (passed in so that this module does not depend on the
	 * root package)
	 */
	public static RunningHaven start(Class<?> application, HavenConfig config) {
		QuietStart.apply();
		checkPortFree(config);
		checkDataDir(config.dataDir());
		config.dbUrl().ifPresent(url -> DatabaseProvisioning.checkReachable(config));
		config.keyStore().ifPresent(HavenLauncher::checkReadable);

		createDataDir(config.dataDir());
		KeyStoreFile tls = config.keyStore()
			.map(path -> new KeyStoreFile(path, config.keyStorePassword()))
			.orElseGet(() -> SelfSignedCertificate.ensure(config.dataDir()));

		EmbeddedDatabase embedded = config.embeddedDatabase() ? EmbeddedDatabase.start(config.dataDir()) : null;
		try {
			DatabaseAccess access = embedded != null ? DatabaseProvisioning.embedded(embedded, config.dataDir())
					: DatabaseProvisioning.external(config);
			Migrations.apply(access);
			ConfigurableApplicationContext context = startSpring(application, config, access, tls);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			return new RunningHaven(context, port, embedded);
		}
		catch (RuntimeException ex) {
			closeQuietly(embedded);
			throw ex;
		}
	}

	private static ConfigurableApplicationContext startSpring(Class<?> application, HavenConfig config, DatabaseAccess access,
			KeyStoreFile tls) {
		Map<String, Object> settings = new HashMap<>();
		settings.put("server.address", config.bindAddress());
		settings.put("server.port", config.port());
		settings.put("server.ssl.enabled", true);
		settings.put("server.ssl.key-store", tls.path().toUri().toString());
		settings.put("server.ssl.key-store-type", "PKCS12");
		settings.put("server.ssl.key-store-password", tls.password());
		settings.put("server.ssl.enabled-protocols", "TLSv1.3,TLSv1.2");
		settings.put("server.ssl.ciphers", CIPHERS);
		settings.put("spring.datasource.url", access.url());
		settings.put("spring.datasource.username", access.appUser());
		settings.put("spring.datasource.password", access.appPassword());
		settings.put("haven.data-dir", config.dataDir().toString());
		settings.put("haven.demo", config.demo() && config.loopbackOnly());
		settings.put("haven.database.embedded", config.embeddedDatabase());
		if ("json".equalsIgnoreCase(config.logFormat())) {
			settings.put("logging.structured.format.console", "ecs");
		}
		SpringApplication spring = new SpringApplication(application);
		spring.setDefaultProperties(settings);
		spring.setRegisterShutdownHook(false);
		spring.addListeners(event -> {
			if (event instanceof ApplicationPreparedEvent) {
				PhiLogGuard.install();
			}
		});
		try {
			return spring.run();
		}
		catch (RuntimeException ex) {
			throw translate(ex, config);
		}
	}

	private static RuntimeException translate(RuntimeException ex, HavenConfig config) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getSimpleName().equals("PortInUseException")
					|| cause instanceof java.net.BindException) {
				return new StartupFailure(portInUse(config));
			}
		}
		return new StartupFailure("Haven could not start: " + EmbeddedDatabase.rootMessage(ex), ex);
	}

	private static void checkPortFree(HavenConfig config) {
		if (config.port() == 0) {
			return;
		}
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true); // as Tomcat does: a port with connections in TIME_WAIT is free
			socket.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()));
		}
		catch (IOException ex) {
			throw new StartupFailure(portInUse(config));
		}
	}

	private static String portInUse(HavenConfig config) {
		return "port " + config.port() + " on " + config.bindAddress()
				+ " is already in use or not allowed: stop what uses it or set HAVEN_PORT";
	}

	static void checkDataDir(Path dataDir) {
		if (Files.exists(dataDir)) {
			if (!Files.isDirectory(dataDir)) {
				throw new StartupFailure("the data directory " + dataDir + " is not a directory (set HAVEN_DATA_DIR)");
			}
			try {
				Path probe = Files.createTempFile(dataDir, ".probe", "");
				Files.delete(probe);
			}
			catch (IOException | SecurityException ex) {
				throw new StartupFailure("the data directory " + dataDir + " is not readable and writable by Haven");
			}
			if (!Files.isReadable(dataDir)) {
				throw new StartupFailure("the data directory " + dataDir + " is not readable and writable by Haven");
			}
			return;
		}
		Path parent = dataDir.getParent();
		while (parent != null && !Files.exists(parent)) {
			parent = parent.getParent();
		}
		if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
			throw new StartupFailure("the data directory " + dataDir + " cannot be created (set HAVEN_DATA_DIR)");
		}
	}

	private static void checkReadable(Path keyStore) {
		if (!Files.isRegularFile(keyStore) || !Files.isReadable(keyStore)) {
			throw new StartupFailure("the TLS key store " + keyStore + " is not a readable file (HAVEN_TLS_KEYSTORE)");
		}
	}

	private static void createDataDir(Path dataDir) {
		try {
			PrivateFiles.createDirectory(dataDir);
		}
		catch (IOException ex) {
			throw new StartupFailure("cannot create the data directory " + dataDir + ": " + ex.getMessage());
		}
	}

	static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			System.err.println("haven: " + ex.getMessage());
		}
	}

}
