package health.haven.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import health.haven.crypto.internal.FileKeyProvider;
import health.haven.crypto.internal.Keyring;
import health.haven.crypto.internal.MasterKeys;
import health.haven.crypto.internal.MemoryKeyRecords;
import health.haven.crypto.spi.KeyProvider;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoKeyProviderTests {

	@TempDir
	Path dataDir;

	@Test
	void theDefaultMasterKeyIsAFileOnlyItsOwnerCanRead() throws Exception {
		KeyProvider provider = MasterKeys.select(Map.of(), dataDir);
		assertThat(provider).isInstanceOf(FileKeyProvider.class);
		provider.masterKey();
		Path file = dataDir.resolve("keys/master.keyset");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
		assertThat(MasterKeys.select(Map.of(), dataDir).primaryVersion()).isEqualTo(provider.primaryVersion());
	}

	@Test
	void rotatingTheFileKeyKeepsOldVersionsForDecryption() throws Exception {
		KeyProvider provider = MasterKeys.select(Map.of(), dataDir);
		byte[] wrapped = provider.masterKey().encrypt(new byte[] { 1, 2, 3 }, new byte[0]);
		long before = provider.primaryVersion();
		long after = provider.rotate();
		assertThat(after).isNotEqualTo(before).isEqualTo(provider.primaryVersion());
		assertThat(new FileKeyProvider(dataDir.resolve("keys/master.keyset")).masterKey().decrypt(wrapped, new byte[0]))
			.containsExactly(1, 2, 3);
	}

	@Test
	void aMasterKeyFromTheEnvironmentReplacesTheFileAndAcceptsPreviousKeys() throws Exception {
		String old = randomKey();
		String current = randomKey();
		Aead oldKey = MasterKeys.select(Map.of("HAVEN_MASTER_KEY", old), dataDir).masterKey();
		byte[] wrapped = oldKey.encrypt(new byte[] { 7 }, new byte[0]);
		KeyProvider provider = MasterKeys.select(
				Map.of("HAVEN_MASTER_KEY", current, "HAVEN_MASTER_KEY_PREVIOUS", old), dataDir);
		assertThat(provider.masterKey().decrypt(wrapped, new byte[0])).containsExactly(7);
		assertThat(provider.primaryVersion())
			.isEqualTo(MasterKeys.select(Map.of("HAVEN_MASTER_KEY", current), dataDir).primaryVersion());
		assertThat(Files.exists(dataDir.resolve("keys"))).isFalse();
	}

	@Test
	void anOperatorRotatesAnEnvironmentKeyByRewrappingUnderTheNewOne() {
		MemoryKeyRecords records = new MemoryKeyRecords();
		String old = randomKey();
		String current = randomKey();
		KeyScope client = KeyScope.client(OrgId.random(), ClientId.random());
		FieldRef field = FieldRef.of("records.client", "name", UUID.randomUUID());
		byte[] sealed = new FieldCipher(keyring(records, Map.of("HAVEN_MASTER_KEY", old))).sealText(client, field, "x");

		Keyring rotating = keyring(records, Map.of("HAVEN_MASTER_KEY", current, "HAVEN_MASTER_KEY_PREVIOUS", old));
		assertThat(new KeyManagement(rotating, null, null).rotateMasterKey().rewrapped()).isEqualTo(1);

		// Once re-wrapped, the old key can leave the environment.
		assertThat(new FieldCipher(keyring(records, Map.of("HAVEN_MASTER_KEY", current))).openText(client, field, sealed))
			.isEqualTo("x");
		assertThatThrownBy(() -> new FieldCipher(keyring(records, Map.of("HAVEN_MASTER_KEY", old))).open(client, field, sealed))
			.hasMessageStartingWith("CRYPTO_KEY_UNWRAP_FAILED");
	}

	private Keyring keyring(MemoryKeyRecords records, Map<String, String> env) {
		return new Keyring(MasterKeys.select(env, dataDir), records);
	}

	@Test
	void aMalformedEnvironmentKeyIsRejectedWithoutQuotingIt() {
		assertThatThrownBy(() -> MasterKeys.select(Map.of("HAVEN_MASTER_KEY", "c2hvcnQ="), dataDir))
			.hasMessageStartingWith("CRYPTO_MASTER_KEY_INVALID")
			.hasMessageNotContaining("c2hvcnQ=");
	}

	private static String randomKey() {
		byte[] raw = new byte[32];
		new SecureRandom().nextBytes(raw);
		return Base64.getEncoder().encodeToString(raw);
	}

}
