package health.haven.crypto.bench;

import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.crypto.internal.FileKeyProvider;
import health.haven.crypto.internal.Keyring;
import health.haven.crypto.internal.MemoryKeyRecords;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import java.nio.file.Files;
import java.util.UUID;

/**
 * Times an organization-key rotation over 100,000 client data keys: each is unwrapped under the old key version and
 * wrapped under the new one (the production code path, {@link Keyring#rotateOrganization}). The wrapped keys are
 * kept in memory ({@link MemoryKeyRecords}), so this measures the cryptographic work, not PostgreSQL's batched
 * updates (1,000 rows per statement batch in {@code JdbcKeyRecords}). A plain timed main, not JMH: one run of a
 * multi-second operation, after one warm-up rotation. Prints {@code rewrap_100k_s=N}.
 */
public final class RewrapTiming {

	public static void main(String[] args) throws Exception {
		int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
		MemoryKeyRecords records = new MemoryKeyRecords();
		Keyring keyring = new Keyring(
				new FileKeyProvider(Files.createTempDirectory("haven-bench-").resolve("master.keyset")), records);
		FieldCipher cipher = new FieldCipher(keyring);
		OrgId org = OrgId.random();
		FieldRef field = FieldRef.of("records.client", "name", UUID.randomUUID());
		for (int i = 0; i < count; i++) {
			cipher.seal(KeyScope.client(org, ClientId.random()), field, new byte[] { 1 });
		}
		keyring.rotateOrganization(org); // warm-up: JIT and allocation
		long started = System.nanoTime();
		int rewrapped = keyring.rotateOrganization(org).rewrapped();
		double seconds = (System.nanoTime() - started) / 1e9;
		if (rewrapped != count) {
			throw new IllegalStateException("re-wrapped " + rewrapped + " of " + count);
		}
		System.out.printf("rewrap_100k_s=%.2f%n", seconds * 100_000 / count);
	}

}
