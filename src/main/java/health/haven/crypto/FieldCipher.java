package health.haven.crypto;

import health.haven.crypto.internal.Bindings;
import health.haven.crypto.internal.Keyring;
import health.haven.crypto.internal.Keyring.DataKey;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The one way to seal and open a PHI field: AES-256-GCM under the data key of a {@link KeyScope}, with associated
 * data that binds the ciphertext to its key, table, column and row. A sealed value copied into another row, column or
 * client does not open.
 *
 * <p>Ciphertext format (Tink's): a version byte and the 4-byte key id, a 12-byte random nonce, the ciphertext and a
 * 16-byte tag: 33 bytes more than the plaintext. Store it in a {@code bytea} column. {@code null} seals to {@code null}.
 *
 * <p>Keys are created on first use in their own transaction, so this may be called inside any caller transaction.
 */
public class FieldCipher {

	private final Keyring keyring;

	public FieldCipher(Keyring keyring) {
		this.keyring = keyring;
	}

	public byte[] seal(KeyScope scope, FieldRef field, byte[] plaintext) {
		if (plaintext == null) {
			return null;
		}
		DataKey key = keyring.dataKey(scope, true);
		try {
			return key.aead().encrypt(plaintext, Bindings.field(scope, field));
		}
		catch (GeneralSecurityException ex) {
			throw new HavenException("CRYPTO_SEAL_FAILED", Kind.INTERNAL, "a value could not be sealed", ex);
		}
	}

	/**
	 * @throws HavenException {@code CRYPTO_KEY_DESTROYED} after the client's key was shredded, {@code CRYPTO_OPEN_FAILED}
	 * when the value was altered or belongs to another key, table, column or row
	 */
	public byte[] open(KeyScope scope, FieldRef field, byte[] sealed) {
		if (sealed == null) {
			return null;
		}
		byte[] associatedData = Bindings.field(scope, field);
		DataKey key = keyring.dataKey(scope, false);
		try {
			return key.aead().decrypt(sealed, associatedData);
		}
		catch (GeneralSecurityException first) {
			// The cached key may predate a rotation done by another process; read it again once.
			DataKey fresh = keyring.reloadDataKey(scope);
			try {
				return fresh.aead().decrypt(sealed, associatedData);
			}
			catch (GeneralSecurityException ex) {
				throw new HavenException("CRYPTO_OPEN_FAILED", Kind.INTERNAL,
						"a sealed value failed its integrity check (altered, or moved from another row or column)");
			}
		}
	}

	public byte[] sealText(KeyScope scope, FieldRef field, String plaintext) {
		return plaintext == null ? null : seal(scope, field, plaintext.getBytes(StandardCharsets.UTF_8));
	}

	public String openText(KeyScope scope, FieldRef field, byte[] sealed) {
		byte[] plaintext = open(scope, field, sealed);
		return plaintext == null ? null : new String(plaintext, StandardCharsets.UTF_8);
	}

	/**
	 * The value sealed again under the scope's current data key version, for re-encryption ({@link
	 * health.haven.crypto.spi.SealedColumns}). Returns the same array when it already is, or when the key was
	 * destroyed (it can never be opened again, so there is nothing to re-seal).
	 */
	public byte[] reseal(KeyScope scope, FieldRef field, byte[] sealed) {
		if (sealed == null) {
			return null;
		}
		DataKey key;
		try {
			key = keyring.dataKey(scope, false);
		}
		catch (HavenException ex) {
			if (ex.code().equals("CRYPTO_KEY_DESTROYED")) {
				return sealed;
			}
			throw ex;
		}
		if (keyIdOf(sealed) == key.primaryId()) {
			return sealed;
		}
		return seal(scope, field, open(scope, field, sealed));
	}

	/** The id of the key version a value was sealed under (Tink's 5-byte prefix), or -1 if it has none. */
	static long keyIdOf(byte[] sealed) {
		if (sealed.length < 5 || sealed[0] != 0x01) {
			return -1;
		}
		return ((sealed[1] & 0xFFL) << 24) | ((sealed[2] & 0xFFL) << 16) | ((sealed[3] & 0xFFL) << 8)
				| (sealed[4] & 0xFFL);
	}

}
