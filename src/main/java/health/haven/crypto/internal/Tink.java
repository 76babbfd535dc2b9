package health.haven.crypto.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.proto.EncryptedKeyset;
import com.google.protobuf.ByteString;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The few Tink calls Haven makes, in one place: AES-256-GCM keysets for every level of the hierarchy, HMAC-SHA256 PRF
 * keysets for blind indexes, and keysets stored encrypted under the level above with associated data naming the key,
 * so that a wrapped key copied into another row does not unwrap.
 */
public final class Tink {

	static {
		try {
			AeadConfig.register();
			PrfConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private Tink() {
	}

	public static KeysetHandle newAeadKeyset() {
		return generate(PredefinedAeadParameters.AES256_GCM);
	}

	public static KeysetHandle newPrfKeyset() {
		return generate(PredefinedPrfParameters.HMAC_SHA256_PRF);
	}

	/** A copy with a fresh AES-256-GCM key as primary; the older keys stay enabled so existing ciphertext opens. */
	public static KeysetHandle withNewPrimary(KeysetHandle keyset) {
		try {
			return KeysetHandle.newBuilder(keyset)
				.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
					.withRandomId()
					.makePrimary())
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot add a key to a keyset", ex);
		}
	}

	public static Aead aead(KeysetHandle keyset) {
		try {
			return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("not an AEAD keyset", ex);
		}
	}

	public static PrfSet prf(KeysetHandle keyset) {
		try {
			return keyset.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("not a PRF keyset", ex);
		}
	}

	/** The primary key's id as an unsigned number (Tink's ids are 32-bit; they also prefix every ciphertext). */
	public static long primaryId(KeysetHandle keyset) {
		return Integer.toUnsignedLong(keyset.getPrimary().getId());
	}

	public static int size(KeysetHandle keyset) {
		return keyset.size();
	}

	public static byte[] wrap(KeysetHandle keyset, Aead wrappingKey, String associatedData) {
		try {
			return TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, wrappingKey, bytes(associatedData));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot wrap a keyset", ex);
		}
	}

	/** Unwraps a keyset; throws {@link GeneralSecurityException} when the wrapping key or the binding is wrong. */
	public static KeysetHandle unwrap(byte[] wrapped, Aead wrappingKey, String associatedData)
			throws GeneralSecurityException {
		return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, wrappingKey, bytes(associatedData));
	}

	/**
	 * Re-wraps a wrapped keyset under the wrapping key's current primary without parsing the keyset itself: the
	 * encrypted bytes are decrypted and encrypted again inside Tink's {@code EncryptedKeyset} envelope, whose
	 * key-info part stays valid because the keys inside do not change. A full unwrap and wrap also builds every key
	 * object and decrypts once more to check itself, which made rotating 100,000 data keys several times slower.
	 */
	public static byte[] rewrap(byte[] wrapped, Aead from, Aead to, String associatedData)
			throws GeneralSecurityException {
		byte[] binding = bytes(associatedData);
		try {
			EncryptedKeyset envelope = EncryptedKeyset.parseFrom(wrapped, ExtensionRegistryLite.getEmptyRegistry());
			byte[] keyset = from.decrypt(envelope.getEncryptedKeyset().toByteArray(), binding);
			return envelope.toBuilder()
				.setEncryptedKeyset(ByteString.copyFrom(to.encrypt(keyset, binding)))
				.build()
				.toByteArray();
		}
		catch (InvalidProtocolBufferException ex) {
			throw new GeneralSecurityException("not a wrapped keyset", ex);
		}
	}

	/** Only for the master keystore file, which is the one place a key is stored unwrapped (mode 0600). */
	static byte[] cleartext(KeysetHandle keyset) {
		try {
			return TinkProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot serialize a keyset", ex);
		}
	}

	static KeysetHandle fromCleartext(byte[] serialized) throws GeneralSecurityException {
		return TinkProtoKeysetFormat.parseKeyset(serialized, InsecureSecretKeyAccess.get());
	}

	private static KeysetHandle generate(Parameters parameters) {
		try {
			return KeysetHandle.generateNew(parameters);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot generate a key", ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
