package health.haven.crypto.internal;

import health.haven.shared.PrivateFiles;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import health.haven.crypto.spi.KeyProvider;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The default master key: a Tink AES-256-GCM keyset in {@code <data dir>/keys/master.keyset}, created on first start,
 * readable by its owner only (file 0600, directory 0700). It is the one key stored unwrapped, which is why it lives
 * outside the database and outside database backups: back it up separately, or data is lost with it.
 *
 * <p>Rotation adds a version and keeps the old ones (organization keys wrapped under them must still open while a
 * rotation is under way and in other processes that have not noticed it yet).
 */
public final class FileKeyProvider implements KeyProvider {

	private final Path file;

	public FileKeyProvider(Path file) {
		this.file = file;
	}

	@Override
	public String description() {
		return "file:" + file;
	}

	@Override
	public synchronized Aead masterKey() {
		return Tink.aead(load());
	}

	@Override
	public synchronized long primaryVersion() {
		return Tink.primaryId(load());
	}

	@Override
	public boolean rotatable() {
		return true;
	}

	@Override
	public synchronized long rotate() {
		KeysetHandle rotated = Tink.withNewPrimary(load());
		write(rotated);
		return Tink.primaryId(rotated);
	}

	private KeysetHandle load() {
		try {
			if (!Files.exists(file)) {
				KeysetHandle fresh = Tink.newAeadKeyset();
				write(fresh);
				return fresh;
			}
			return Tink.fromCleartext(Files.readAllBytes(file));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new HavenException("CRYPTO_MASTER_KEY_UNAVAILABLE", Kind.UNAVAILABLE,
					"the master key file " + file + " cannot be read (" + ex.getClass().getSimpleName() + ")", ex);
		}
	}

	private void write(KeysetHandle keyset) {
		try {
			// 0600 from the start, written beside and moved into place: a crash never leaves a half-written key.
			PrivateFiles.write(file, Tink.cleartext(keyset));
		}
		catch (IOException ex) {
			throw new HavenException("CRYPTO_MASTER_KEY_UNAVAILABLE", Kind.UNAVAILABLE,
					"the master key file " + file + " cannot be written (" + ex.getClass().getSimpleName() + ")", ex);
		}
	}

}
