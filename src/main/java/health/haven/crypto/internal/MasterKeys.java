package health.haven.crypto.internal;

import health.haven.crypto.spi.KeyProvider;
import java.nio.file.Path;
import java.util.Map;

/** Chooses the master key provider: {@code HAVEN_MASTER_KEY} when set, the keystore file in the data directory else. */
public final class MasterKeys {

	public static final String ENVIRONMENT_VARIABLE = "HAVEN_MASTER_KEY";

	private MasterKeys() {
	}

	public static KeyProvider select(Map<String, String> env, Path dataDir) {
		String given = env.get(ENVIRONMENT_VARIABLE);
		if (given != null && !given.isBlank()) {
			return EnvironmentKeyProvider.parse(given, env.get(ENVIRONMENT_VARIABLE + "_PREVIOUS"));
		}
		return new FileKeyProvider(dataDir.resolve("keys").resolve("master.keyset"));
	}

}
