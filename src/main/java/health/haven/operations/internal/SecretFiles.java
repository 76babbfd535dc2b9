package health.haven.operations.internal;

import health.haven.operations.StartupFailure;
import health.haven.shared.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Small secrets Haven generates for itself (database passwords, key store passwords), kept in the data directory in
 * files only the owner can read.
 */
public final class SecretFiles {

	private static final SecureRandom RANDOM = new SecureRandom();

	private SecretFiles() {
	}

	/** Reads the secret in {@code file}, creating it with a fresh random value on first use. */
	public static String readOrCreate(Path file) {
		try {
			if (Files.exists(file)) {
				return Files.readString(file, StandardCharsets.UTF_8).trim();
			}
			String secret = randomToken(32);
			PrivateFiles.write(file, secret.getBytes(StandardCharsets.UTF_8));
			return secret;
		}
		catch (IOException ex) {
			throw new StartupFailure("cannot read or write the secret file " + file + ": " + ex.getMessage());
		}
	}

	public static String randomToken(int bytes) {
		byte[] raw = new byte[bytes];
		RANDOM.nextBytes(raw);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
	}

}
