package health.haven.crypto.spi;

import com.google.crypto.tink.Aead;

/**
 * Where the master key lives: always outside the database. The master key only wraps and unwraps organization keys
 * (a few calls per organization and cache period), so a remote KMS or HSM behind this interface is cheap.
 *
 * <p>The default is a keystore file in the data directory ({@code keys/master.keyset}, mode 0600); setting
 * {@code HAVEN_MASTER_KEY} selects a key given in the environment instead. A KMS provider is a Spring bean of this
 * type, which then replaces both.
 */
public interface KeyProvider {

	/** A short name for operators and key-age reports, e.g. {@code file:/var/lib/haven/keys/master.keyset}. */
	String description();

	/**
	 * The master key as an AEAD: it must decrypt with every key version still in use and encrypt with the newest.
	 * Called again after a rotation, possibly by another process, so it must read the current state.
	 */
	Aead masterKey();

	/** An identifier of the version {@link #masterKey()} encrypts with, recorded beside each wrapped organization key. */
	long primaryVersion();

	/** Whether {@link #rotate()} is supported (a key given in the environment is rotated by the operator instead). */
	boolean rotatable();

	/**
	 * Adds a new master key version and makes it the one used for wrapping, keeping the older versions for unwrapping.
	 *
	 * @return the new {@link #primaryVersion()}
	 */
	long rotate();

}
