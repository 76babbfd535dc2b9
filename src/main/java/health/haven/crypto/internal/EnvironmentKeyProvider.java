package health.haven.crypto.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.util.SecretBytes;
import health.haven.crypto.spi.KeyProvider;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A master key given in {@code HAVEN_MASTER_KEY}: 32 random bytes in base64 ({@code openssl rand -base64 32}), for
 * deployments whose secret store injects environment variables. To rotate, the operator sets the new key in
 * {@code HAVEN_MASTER_KEY}, the old one(s) in {@code HAVEN_MASTER_KEY_PREVIOUS} (comma-separated), and runs
 * {@code haven keys rotate --master}, which re-wraps every organization key under the new one; then the previous
 * keys can be removed.
 */
public final class EnvironmentKeyProvider implements KeyProvider {

	private final KeysetHandle keyset;

	private EnvironmentKeyProvider(KeysetHandle keyset) {
		this.keyset = keyset;
	}

	static EnvironmentKeyProvider parse(String current, String previous) {
		try {
			KeysetHandle.Builder builder = KeysetHandle.newBuilder();
			if (previous != null && !previous.isBlank()) {
				for (String old : previous.split(",")) {
					AesGcmKey key = key(old.strip());
					builder.addEntry(KeysetHandle.importKey(key).withFixedId(key.getIdRequirementOrNull()));
				}
			}
			AesGcmKey primary = key(current.strip());
			builder.addEntry(KeysetHandle.importKey(primary).withFixedId(primary.getIdRequirementOrNull()).makePrimary());
			return new EnvironmentKeyProvider(builder.build());
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			throw new HavenException("CRYPTO_MASTER_KEY_INVALID", Kind.UNAVAILABLE,
					"HAVEN_MASTER_KEY must be 32 random bytes in base64 (openssl rand -base64 32)");
		}
	}

	/** The key id is derived from the key, so the same key always has the same id in every process. */
	private static AesGcmKey key(String base64) throws GeneralSecurityException {
		byte[] raw = Base64.getDecoder().decode(base64);
		if (raw.length != 32) {
			throw new IllegalArgumentException("not 32 bytes");
		}
		return AesGcmKey.builder()
			.setParameters(PredefinedAeadParameters.AES256_GCM)
			.setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()))
			.setIdRequirement(idOf(raw))
			.build();
	}

	private static int idOf(byte[] raw) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
			return ByteBuffer.wrap(digest).getInt() | 1; // never 0
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String description() {
		return "environment:HAVEN_MASTER_KEY";
	}

	@Override
	public Aead masterKey() {
		return Tink.aead(keyset);
	}

	@Override
	public long primaryVersion() {
		return Tink.primaryId(keyset);
	}

	@Override
	public boolean rotatable() {
		return true;
	}

	/** Generates nothing: the operator already put the new key in the environment; the re-wrap is what remains. */
	@Override
	public long rotate() {
		return primaryVersion();
	}

}
