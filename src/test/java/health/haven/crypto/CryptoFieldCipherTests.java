package health.haven.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.crypto.internal.FileKeyProvider;
import health.haven.crypto.internal.Keyring;
import health.haven.crypto.internal.MemoryKeyRecords;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Covers("SEC-AC-04")
class CryptoFieldCipherTests {

	@TempDir
	Path keys;

	final MemoryKeyRecords records = new MemoryKeyRecords();

	final AtomicLong clock = new AtomicLong();

	Keyring keyring() {
		return new Keyring(new FileKeyProvider(keys.resolve("master.keyset")), records, clock::get);
	}

	final OrgId org = OrgId.random();

	final ClientId alice = ClientId.random();

	final ClientId bob = ClientId.random();

	final KeyScope aliceKey = KeyScope.client(org, alice);

	final FieldRef diagnosis = FieldRef.of("records.client", "diagnosis", UUID.randomUUID());

	@Test
	void aSealedValueOpensInItsOwnPlaceAndHidesThePlaintext() {
		FieldCipher cipher = new FieldCipher(keyring());
		byte[] sealed = cipher.sealText(aliceKey, diagnosis, "F33.1 major depressive disorder");
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("depressive");
		assertThat(sealed).hasSize("F33.1 major depressive disorder".length() + 33);
		assertThat(cipher.openText(aliceKey, diagnosis, sealed)).isEqualTo("F33.1 major depressive disorder");
		assertThat(cipher.seal(aliceKey, diagnosis, null)).isNull();
	}

	@Test
	void aValueCopiedIntoAnotherRowColumnOrClientDoesNotOpen() {
		FieldCipher cipher = new FieldCipher(keyring());
		byte[] sealed = cipher.sealText(aliceKey, diagnosis, "F33.1");
		FieldRef otherRow = FieldRef.of("records.client", "diagnosis", UUID.randomUUID());
		FieldRef otherColumn = new FieldRef("records.client", "notes", diagnosis.row());
		FieldRef otherTable = new FieldRef("records.progress_note", "diagnosis", diagnosis.row());
		for (FieldRef elsewhere : new FieldRef[] { otherRow, otherColumn, otherTable }) {
			assertThatThrownBy(() -> cipher.open(aliceKey, elsewhere, sealed)).isInstanceOf(HavenException.class)
				.extracting(ex -> ((HavenException) ex).code())
				.isEqualTo("CRYPTO_OPEN_FAILED");
		}
		cipher.sealText(KeyScope.client(org, bob), diagnosis, "another client's value");
		assertThatThrownBy(() -> cipher.open(KeyScope.client(org, bob), diagnosis, sealed))
			.hasMessageStartingWith("CRYPTO_OPEN_FAILED");
	}

	@Test
	void aTamperedValueDoesNotOpen() {
		FieldCipher cipher = new FieldCipher(keyring());
		byte[] sealed = cipher.sealText(aliceKey, diagnosis, "F33.1");
		sealed[sealed.length - 1] ^= 1;
		assertThatThrownBy(() -> cipher.open(aliceKey, diagnosis, sealed)).hasMessageStartingWith("CRYPTO_OPEN_FAILED");
	}

	@Test
	void purposeKeysAreSeparateFromClientKeys() {
		FieldCipher cipher = new FieldCipher(keyring());
		KeyScope totp = KeyScope.purpose(org, "totp");
		FieldRef seed = FieldRef.of("identity.totp", "seed", UUID.randomUUID());
		byte[] sealed = cipher.sealText(totp, seed, "JBSWY3DPEHPK3PXP");
		assertThat(cipher.openText(totp, seed, sealed)).isEqualTo("JBSWY3DPEHPK3PXP");
		assertThatThrownBy(() -> cipher.open(KeyScope.purpose(org, "messaging"), seed, sealed))
			.isInstanceOf(HavenException.class);
	}

	@Test
	void aWrappedDataKeyCopiedIntoAnotherClientsRowDoesNotUnwrap() {
		FieldCipher cipher = new FieldCipher(keyring());
		byte[] sealed = cipher.sealText(aliceKey, diagnosis, "F33.1");
		KeyScope bobKey = KeyScope.client(org, bob);
		records.insertDataKey(org, bobKey.name(), bob.value(), records.dataKey(org, aliceKey.name()).orElseThrow());
		assertThatThrownBy(() -> new FieldCipher(keyring()).open(bobKey, diagnosis, sealed))
			.hasMessageStartingWith("CRYPTO_KEY_UNWRAP_FAILED");
	}

	@Nested
	class WhenKeysAreRotated {

		@Test
		void oldCiphertextStillOpensAfterMasterAndOrganizationKeyRotation() {
			Keyring keyring = keyring();
			FieldCipher cipher = new FieldCipher(keyring);
			KeyManagement keys = new KeyManagement(keyring, null, cipher);
			byte[] before = cipher.sealText(aliceKey, diagnosis, "before");
			KeyRotation master = keys.rotateMasterKey();
			KeyRotation orgRotation = keys.rotateOrganizationKey(org);
			assertThat(master.rewrapped()).isEqualTo(1);
			assertThat(orgRotation.rewrapped()).isEqualTo(1);
			assertThat(cipher.openText(aliceKey, diagnosis, before)).isEqualTo("before");
			// A fresh process (empty caches) reads everything through the re-wrapped keys.
			FieldCipher restarted = new FieldCipher(keyring());
			assertThat(restarted.openText(aliceKey, diagnosis, before)).isEqualTo("before");
		}

		@Test
		void dataKeyRotationSealsUnderTheNewVersionAndResealMovesOldValues() {
			Keyring keyring = keyring();
			FieldCipher cipher = new FieldCipher(keyring);
			byte[] before = cipher.sealText(aliceKey, diagnosis, "before");
			keyring.rotateDataKeys(org);
			byte[] after = cipher.sealText(aliceKey, diagnosis, "after");
			assertThat(FieldCipher.keyIdOf(after)).isNotEqualTo(FieldCipher.keyIdOf(before));
			assertThat(cipher.openText(aliceKey, diagnosis, before)).isEqualTo("before");
			byte[] resealed = cipher.reseal(aliceKey, diagnosis, before);
			assertThat(FieldCipher.keyIdOf(resealed)).isEqualTo(FieldCipher.keyIdOf(after));
			assertThat(cipher.openText(aliceKey, diagnosis, resealed)).isEqualTo("before");
			assertThat(cipher.reseal(aliceKey, diagnosis, resealed)).isSameAs(resealed);
		}

		@Test
		void aProcessWithStaleCachesStillOpensValuesSealedAfterAnotherProcessRotated() {
			FieldCipher app = new FieldCipher(keyring());
			byte[] before = app.sealText(aliceKey, diagnosis, "before");
			Keyring commandLine = keyring();
			new KeyManagement(commandLine, null, new FieldCipher(commandLine)).rotateMasterKey();
			commandLine.rotateOrganization(org);
			commandLine.rotateDataKeys(org);
			byte[] resealed = new FieldCipher(commandLine).reseal(aliceKey, diagnosis, before);
			// The application's caches predate all three rotations; no generation poll has happened yet.
			assertThat(app.openText(aliceKey, diagnosis, resealed)).isEqualTo("before");
			assertThat(app.openText(aliceKey, diagnosis, before)).isEqualTo("before");
		}

	}

	@Nested
	class WhenAClientIsShredded {

		@Test
		void everyValueSealedForThatClientBecomesUnreadableAndOtherClientsAreUnaffected() {
			Keyring keyring = keyring();
			FieldCipher cipher = new FieldCipher(keyring);
			KeyScope bobKey = KeyScope.client(org, bob);
			byte[] one = cipher.sealText(aliceKey, diagnosis, "one");
			byte[] two = cipher.sealText(aliceKey, FieldRef.of("records.note", "body", UUID.randomUUID()), "two");
			byte[] bobs = cipher.sealText(bobKey, diagnosis, "bob's");

			ShredReceipt receipt = new KeyManagement(keyring, null, cipher).shredClient(org, alice);

			assertThat(receipt.hadKey()).isTrue();
			assertThat(keyring.cachedDataKeys()).isZero();
			assertThatThrownBy(() -> cipher.open(aliceKey, diagnosis, one)).hasMessageStartingWith("CRYPTO_KEY_DESTROYED");
			assertThatThrownBy(() -> new FieldCipher(keyring()).open(aliceKey, diagnosis, one))
				.hasMessageStartingWith("CRYPTO_KEY_DESTROYED");
			assertThatThrownBy(() -> cipher.sealText(aliceKey, diagnosis, "new")).hasMessageStartingWith("CRYPTO_KEY_DESTROYED");
			assertThat(two).isNotNull();
			assertThat(cipher.openText(bobKey, diagnosis, bobs)).isEqualTo("bob's");
			assertThat(cipher.reseal(aliceKey, diagnosis, one)).isSameAs(one);
		}

	}

	@Nested
	class Caching {

		@Test
		void readingManyFieldsOfAChartCostsOneUnwrap() {
			FieldCipher cipher = new FieldCipher(keyring());
			byte[] sealed = cipher.sealText(aliceKey, diagnosis, "x");
			int reads = records.dataKeyReads.get();
			for (int i = 0; i < 50; i++) {
				cipher.open(aliceKey, diagnosis, sealed);
			}
			assertThat(records.dataKeyReads.get()).isEqualTo(reads);
		}

		@Test
		void keysExpireAfterTheirTimeToLiveAndAreClearedOnRotation() {
			Keyring keyring = keyring();
			FieldCipher cipher = new FieldCipher(keyring);
			byte[] sealed = cipher.sealText(aliceKey, diagnosis, "x");
			assertThat(keyring.cachedDataKeys()).isEqualTo(1);
			keyring.rotateOrganization(org);
			assertThat(keyring.cachedDataKeys()).isZero();

			cipher.open(aliceKey, diagnosis, sealed);
			int reads = records.dataKeyReads.get();
			clock.addAndGet(Keyring.TTL.toNanos() + 1);
			cipher.open(aliceKey, diagnosis, sealed);
			assertThat(records.dataKeyReads.get()).isEqualTo(reads + 1);
		}

		@Test
		void anotherProcessesRotationIsNoticedWithinThePollInterval() {
			Keyring keyring = keyring();
			FieldCipher cipher = new FieldCipher(keyring);
			cipher.sealText(aliceKey, diagnosis, "x");
			records.bumpGeneration(); // what the command line does after rotating
			clock.addAndGet(Keyring.GENERATION_POLL.toNanos() + 1);
			cipher.sealText(aliceKey, diagnosis, "y");
			assertThat(keyring.cachedDataKeys()).isEqualTo(1); // cleared, then loaded again for this seal
			assertThat(records.dataKeyReads.get()).isEqualTo(2);
		}

	}

}
