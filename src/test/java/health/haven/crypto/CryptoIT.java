package health.haven.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.crypto.internal.Keyring;
import health.haven.crypto.spi.SealedColumns;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The crypto module inside a running Haven, against real PostgreSQL, as the application role. */
@Covers("SEC-AC-04")
class CryptoIT {

	final TestServer haven = TestServer.get();

	final FieldCipher cipher = haven.bean(FieldCipher.class);

	final KeyManagement keys = haven.bean(KeyManagement.class);

	final Keyring keyring = haven.bean(Keyring.class);

	final JdbcClient db = haven.bean(JdbcClient.class);

	final OrgId org = OrgId.random();

	@Test
	void sealedValuesAreBoundToTheirRowAndColumnAndOnlyWrappedKeysAreStored() {
		KeyScope client = KeyScope.client(org, ClientId.random());
		FieldRef note = FieldRef.of("records.progress_note", "body", UUID.randomUUID());
		byte[] sealed = cipher.sealText(client, note, "Client reports improved sleep.");
		assertThat(cipher.openText(client, note, sealed)).isEqualTo("Client reports improved sleep.");
		assertThatThrownBy(() -> cipher.open(client, FieldRef.of("records.progress_note", "body", UUID.randomUUID()), sealed))
			.hasMessageStartingWith("CRYPTO_OPEN_FAILED");
		assertThatThrownBy(() -> cipher.open(client, new FieldRef("records.progress_note", "plan", note.row()), sealed))
			.hasMessageStartingWith("CRYPTO_OPEN_FAILED");

		Map<String, Object> row = db.sql("SELECT wrapped_keyset, kek_key_id, destroyed_at FROM crypto.data_key"
				+ " WHERE org_id = ? AND name = ?").params(org.value(), client.name()).query().singleRow();
		assertThat((byte[]) row.get("wrapped_keyset")).isNotEmpty();
		assertThat(row.get("destroyed_at")).isNull();
		assertThatThrownBy(() -> db.sql("DELETE FROM crypto.data_key WHERE org_id = ?").param(org.value()).update())
			.rootCause()
			.hasMessageContaining("permission denied");
	}

	@Test
	void keysRotateWhileReadersKeepReading() throws Exception {
		List<KeyScope> clients = new ArrayList<>();
		List<FieldRef> fields = new ArrayList<>();
		List<byte[]> sealed = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			KeyScope client = KeyScope.client(org, ClientId.random());
			FieldRef field = FieldRef.of("records.client", "diagnosis", UUID.randomUUID());
			clients.add(client);
			fields.add(field);
			sealed.add(cipher.sealText(client, field, "value " + i));
		}
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger reads = new AtomicInteger();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> readers = new ArrayList<>();
		for (int t = 0; t < 2; t++) {
			Thread reader = new Thread(() -> {
				while (running.get()) {
					for (int i = 0; i < sealed.size(); i++) {
						try {
							assertThat(cipher.openText(clients.get(i), fields.get(i), sealed.get(i))).isEqualTo("value " + i);
							reads.incrementAndGet();
						}
						catch (Throwable ex) {
							failure.compareAndSet(null, ex);
						}
					}
				}
			});
			reader.start();
			readers.add(reader);
		}
		long oldKeyId = FieldCipher.keyIdOf(sealed.get(0));
		KeyRotation master = keys.rotateMasterKey();
		KeyRotation orgKey = keys.rotateOrganizationKey(org);
		keys.requestReencryption(List.of(org)); // new data key versions as well
		Thread.sleep(200);
		running.set(false);
		for (Thread reader : readers) {
			reader.join();
		}
		assertThat(failure.get()).isNull();
		assertThat(reads.get()).isGreaterThan(sealed.size());
		assertThat(master.rewrapped()).isGreaterThanOrEqualTo(1);
		assertThat(orgKey.rewrapped()).isEqualTo(20);
		byte[] fresh = cipher.sealText(clients.get(0), fields.get(0), "after");
		assertThat(FieldCipher.keyIdOf(fresh)).isNotEqualTo(oldKeyId);
		assertThat(cipher.openText(clients.get(0), fields.get(0), sealed.get(0))).isEqualTo("value 0");
		assertThat(db.sql("SELECT count(DISTINCT master_version) FROM crypto.org_key").query(Long.class).single())
			.isEqualTo(1L);
	}

	@Test
	void rotationAndShreddingClearTheKeyCache() {
		KeyScope client = KeyScope.client(org, ClientId.random());
		cipher.sealText(client, FieldRef.of("records.client", "name", UUID.randomUUID()), "x");
		assertThat(keyring.cachedDataKeys()).isPositive();
		keys.rotateOrganizationKey(org);
		assertThat(keyring.cachedDataKeys()).isZero();
		cipher.sealText(client, FieldRef.of("records.client", "name", UUID.randomUUID()), "x");
		assertThat(keyring.cachedDataKeys()).isPositive();
		keys.shredClient(org, ClientId.random());
		assertThat(keyring.cachedDataKeys()).isZero();
	}

	@Test
	void shreddingAClientMakesAllItsValuesUnreadableAndLeavesOthersAlone() {
		ClientId alice = ClientId.random();
		KeyScope aliceKey = KeyScope.client(org, alice);
		KeyScope bobKey = KeyScope.client(org, ClientId.random());
		FieldRef name = FieldRef.of("records.client", "name", UUID.randomUUID());
		FieldRef note = FieldRef.of("records.progress_note", "body", UUID.randomUUID());
		byte[] aliceName = cipher.sealText(aliceKey, name, "Alice");
		byte[] aliceNote = cipher.sealText(aliceKey, note, "note");
		byte[] bobName = cipher.sealText(bobKey, name, "Bob");

		ShredReceipt receipt = keys.shredClient(org, alice);

		assertThat(receipt.hadKey()).isTrue();
		assertThat(receipt.destroyedAt()).isNotNull();
		for (byte[] value : List.of(aliceName, aliceNote)) {
			assertThatThrownBy(() -> cipher.open(aliceKey, name, value)).hasMessageStartingWith("CRYPTO_KEY_DESTROYED");
		}
		assertThat(cipher.openText(bobKey, name, bobName)).isEqualTo("Bob");
		assertThat(db.sql("SELECT wrapped_keyset IS NULL AND destroyed_at IS NOT NULL FROM crypto.data_key"
				+ " WHERE org_id = ? AND client_id = ?").params(org.value(), alice.value()).query(Boolean.class).single())
			.isTrue();
		assertThat(keys.shredClient(org, alice).hadKey()).isFalse();
	}

	@Test
	void reencryptionResumesWhereItWasInterrupted() {
		SealedRows rows = new SealedRows(org, 25);
		long job = keys.requestReencryption(List.of(org));
		assertThat(rows.resealed()).isZero();

		assertThat(keys.reencrypt(job, List.of(rows), 10, 1)).isFalse(); // interrupted after one batch
		assertThat(rows.resealed()).isEqualTo(10);
		assertThat(keys.reencryptionProgress(job)).singleElement()
			.satisfies(p -> assertThat(p.cursor()).contains("row-09"))
			.satisfies(p -> assertThat(p.finished()).isFalse());

		assertThat(keys.reencrypt(job, List.of(rows), 10, Integer.MAX_VALUE)).isTrue();
		assertThat(rows.resealed()).isEqualTo(25);
		assertThat(rows.batchesRun).isEqualTo(4); // 10 + 10 + 5, then the empty batch that finishes: nothing twice
		for (int i = 0; i < 25; i++) {
			assertThat(cipher.openText(rows.scope(i), rows.field(i), rows.values.get(rows.id(i)))).isEqualTo("value " + i);
		}
		assertThat(db.sql("SELECT finished_at IS NOT NULL FROM crypto.reencryption_job WHERE id = ?").param(job)
			.query(Boolean.class)
			.single()).isTrue();
	}

	/** A stand-in for a module's table with a sealed column, kept in memory. */
	final class SealedRows implements SealedColumns {

		final TreeMap<String, byte[]> values = new TreeMap<>();

		final List<KeyScope> clients = new ArrayList<>();

		int batchesRun;

		SealedRows(OrgId org, int count) {
			for (int i = 0; i < 5; i++) {
				clients.add(KeyScope.client(org, ClientId.random()));
			}
			for (int i = 0; i < count; i++) {
				values.put(id(i), cipher.sealText(scope(i), field(i), "value " + i));
			}
		}

		String id(int i) {
			return String.format("row-%02d", i);
		}

		KeyScope scope(int i) {
			return clients.get(i % clients.size());
		}

		FieldRef field(int i) {
			return new FieldRef("test.sealed_rows", "body", id(i));
		}

		/** How many values are sealed under their client's current data key version. */
		long resealed() {
			Map<KeyScope, Long> current = new java.util.HashMap<>();
			for (KeyScope client : clients) {
				current.put(client, FieldCipher.keyIdOf(cipher.sealText(client, field(0), "probe")));
			}
			int count = 0;
			for (int i = 0; i < values.size(); i++) {
				if (FieldCipher.keyIdOf(values.get(id(i))) == current.get(scope(i))) {
					count++;
				}
			}
			return count;
		}

		@Override
		public String name() {
			return "test.sealed_rows";
		}

		@Override
		public Optional<String> resealBatch(Optional<String> after, int limit, FieldCipher fieldCipher) {
			batchesRun++;
			Map<String, byte[]> rest = after.map(a -> values.tailMap(a, false)).orElse(values);
			String last = null;
			for (String id : new ArrayList<>(rest.keySet()).subList(0, Math.min(limit, rest.size()))) {
				int i = Integer.parseInt(id.substring(4));
				values.put(id, fieldCipher.reseal(scope(i), field(i), values.get(id)));
				last = id;
			}
			return Optional.ofNullable(last);
		}

	}

}
