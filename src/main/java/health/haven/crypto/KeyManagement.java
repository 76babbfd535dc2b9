package health.haven.crypto;

import health.haven.crypto.internal.JdbcKeyRecords;
import health.haven.crypto.internal.KeyRecords.Destruction;
import health.haven.crypto.internal.Keyring;
import health.haven.crypto.internal.Keyring.Rotated;
import health.haven.crypto.internal.MasterKeys;
import health.haven.crypto.internal.Reencryption;
import health.haven.crypto.spi.SealedColumns;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Rotation, re-encryption and crypto-shredding, all online: readers keep working throughout.
 *
 * <p>Not audited here (crypto sits below audit): callers record the returned {@link KeyRotation} and {@link
 * ShredReceipt} in the audit trail, and after shredding set the client's blind-index columns to {@code NULL}.
 */
public class KeyManagement {

	private final Keyring keyring;

	private final Reencryption reencryption;

	private final FieldCipher cipher;

	public KeyManagement(Keyring keyring, Reencryption reencryption, FieldCipher cipher) {
		this.keyring = keyring;
		this.reencryption = reencryption;
		this.cipher = cipher;
	}

	/**
	 * For the {@code haven keys} command: works without Spring, on the owner's data source, with the master key the
	 * running application uses ({@code HAVEN_MASTER_KEY}, or the keystore file in the data directory).
	 */
	public static KeyManagement forCommandLine(DataSource ownerDataSource, Path dataDir, Map<String, String> env) {
		Keyring keyring = new Keyring(MasterKeys.select(env, dataDir), new JdbcKeyRecords(ownerDataSource));
		keyring.checkMasterKey();
		return new KeyManagement(keyring, new Reencryption(ownerDataSource), new FieldCipher(keyring));
	}

	/** A new master key version; every organization key is re-wrapped under it. */
	public KeyRotation rotateMasterKey() {
		Rotated rotated = keyring.rotateMaster();
		return new KeyRotation("master", rotated.newVersion(), rotated.rewrapped(), Instant.now());
	}

	/** A new version of the organization's key; its data and index keys are re-wrapped, data is not re-encrypted. */
	public KeyRotation rotateOrganizationKey(OrgId org) {
		Rotated rotated = keyring.rotateOrganization(org);
		return new KeyRotation("org:" + org, rotated.newVersion(), rotated.rewrapped(), Instant.now());
	}

	/** Every organization with a key, for rotating them all. */
	public List<OrgId> organizations() {
		return keyring.organizations();
	}

	/**
	 * Gives every data key of the organizations a new primary version and queues a re-encryption job, which the
	 * running application works through in the background ({@link health.haven.crypto.spi.SealedColumns}).
	 *
	 * @return the job id
	 */
	public long requestReencryption(List<OrgId> orgs) {
		for (OrgId org : orgs) {
			keyring.rotateDataKeys(org);
		}
		return reencryption.request(orgs.size() == 1 ? Optional.of(orgs.get(0)) : Optional.empty());
	}

	/**
	 * Works on one job for at most {@code maxBatches} batches per column set, recording progress after each batch.
	 *
	 * @return whether every column set is finished
	 */
	public boolean reencrypt(long job, List<SealedColumns> columns, int batchSize, int maxBatches) {
		return reencryption.run(job, columns, cipher, batchSize, maxBatches);
	}

	/** Works on every unfinished job; what the background worker calls. */
	public List<Long> reencryptPending(List<SealedColumns> columns, int batchSize) {
		List<Long> done = new ArrayList<>();
		for (long job : reencryption.pending()) {
			if (reencrypt(job, columns, batchSize, Integer.MAX_VALUE)) {
				done.add(job);
			}
		}
		return done;
	}

	public List<ReencryptionProgress> reencryptionProgress(long job) {
		return reencryption.progress(job);
	}

	/**
	 * Destroys the client's data key: every value sealed for that client becomes unreadable, in the database and in
	 * every backup taken from now on. Opening one then fails with {@code CRYPTO_KEY_DESTROYED}; so does sealing.
	 */
	public ShredReceipt shredClient(OrgId org, ClientId client) {
		Destruction destruction = keyring.destroy(KeyScope.client(org, client));
		return new ShredReceipt(org, client, destruction.at(), destruction.hadKey());
	}

	/** Drops every unwrapped key held in this process (rotations and shredding do it themselves). */
	public void clearCache() {
		keyring.clear();
	}

}
