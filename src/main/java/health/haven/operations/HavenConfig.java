package health.haven.operations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Haven's settings, read from environment variables (the operator's interface, listed in the README). Every setting
 * has a safe default: embedded PostgreSQL, HTTPS on 8443, loopback only.
 *
 * @param dataDir where the embedded database, the TLS certificate and generated secrets live
 * @param bindAddress the address the HTTPS listener binds to
 * @param port the HTTPS port; 0 picks a free one (tests)
 * @param dbUrl an external PostgreSQL JDBC URL, or empty for the embedded one
 * @param dbUser the owner role of the external database: migrations run as it
 * @param dbPassword its password
 * @param dbAppUser the role the application connects as; created if missing and the owner may create roles
 * @param dbAppPassword its password; generated and kept in the data directory if not given
 * @param keyStore a PKCS#12 key store holding a real certificate, or empty for a generated self-signed one
 * @param keyStorePassword its password
 * @param logFormat {@code text} or {@code json}
 * @param demo whether to seed the demo organization
 */
public record HavenConfig(Path dataDir, String bindAddress, int port, Optional<String> dbUrl, String dbUser,
		String dbPassword, Optional<String> dbAppUser, Optional<String> dbAppPassword, Optional<Path> keyStore,
		String keyStorePassword, String logFormat, boolean demo) {

	public static HavenConfig fromEnvironment(Map<String, String> env, boolean demo) {
		return new HavenConfig(Path.of(env.getOrDefault("HAVEN_DATA_DIR", "haven-data")).toAbsolutePath().normalize(),
				env.getOrDefault("HAVEN_BIND", "127.0.0.1"), intSetting(env, "HAVEN_PORT", 8443),
				nonBlank(env.get("HAVEN_DB_URL")), env.getOrDefault("HAVEN_DB_USER", "postgres"),
				env.getOrDefault("HAVEN_DB_PASSWORD", ""), nonBlank(env.get("HAVEN_DB_APP_USER")),
				nonBlank(env.get("HAVEN_DB_APP_PASSWORD")), nonBlank(env.get("HAVEN_TLS_KEYSTORE")).map(Path::of),
				env.getOrDefault("HAVEN_TLS_KEYSTORE_PASSWORD", ""),
				env.getOrDefault("HAVEN_LOG_FORMAT", "text"), demo);
	}

	public HavenConfig withPort(int newPort) {
		return new HavenConfig(dataDir, bindAddress, newPort, dbUrl, dbUser, dbPassword, dbAppUser, dbAppPassword,
				keyStore, keyStorePassword, logFormat, demo);
	}

	public boolean embeddedDatabase() {
		return dbUrl.isEmpty();
	}

	/** Whether the listener is reachable from this machine only, the one case where demo data may be seeded. */
	public boolean loopbackOnly() {
		try {
			return InetAddress.getByName(bindAddress).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	public Path dataFile(String name) {
		return dataDir.resolve(name);
	}

	@Override
	public String toString() {
		return "HavenConfig[dataDir=" + dataDir + ", bind=" + bindAddress + ":" + port + ", database="
				+ (embeddedDatabase() ? "embedded" : "external") + ", demo=" + demo + "]";
	}

	private static int intSetting(Map<String, String> env, String name, int fallback) {
		String value = env.get(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			int parsed = Integer.parseInt(value.trim());
			if (parsed < 0 || parsed > 65535) {
				throw new StartupFailure(name + " must be a port number between 0 and 65535, not '" + value + "'");
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new StartupFailure(name + " must be a number, not '" + value + "'");
		}
	}

	private static Optional<String> nonBlank(String value) {
		return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
	}

}
