package health.haven.crypto.bench;

import com.google.crypto.tink.Aead;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.crypto.internal.Bindings;
import health.haven.crypto.internal.FileKeyProvider;
import health.haven.crypto.internal.Keyring;
import health.haven.crypto.internal.MemoryKeyRecords;
import health.haven.crypto.internal.Tink;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seal + open of a 200-byte field through {@link FieldCipher} (warm key cache, as when a chart is read), against the
 * same two calls on a bare Tink AEAD with associated data of the same length. The difference is Haven's overhead:
 * cache lookup, generation check and building the associated data. Run by bench/crypto.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FieldCipherBenchmark {

	FieldCipher cipher;

	KeyScope scope;

	FieldRef field;

	byte[] plaintext;

	Aead raw;

	byte[] associatedData;

	@Setup
	public void setUp() throws Exception {
		Keyring keyring = new Keyring(
				new FileKeyProvider(Files.createTempDirectory("haven-bench-").resolve("master.keyset")),
				new MemoryKeyRecords());
		cipher = new FieldCipher(keyring);
		scope = KeyScope.client(OrgId.random(), ClientId.random());
		field = FieldRef.of("records.progress_note", "body", UUID.randomUUID());
		plaintext = new byte[200];
		new SecureRandom().nextBytes(plaintext);
		cipher.open(scope, field, cipher.seal(scope, field, plaintext));
		raw = Tink.aead(Tink.newAeadKeyset());
		associatedData = Bindings.field(scope, field);
	}

	@Benchmark
	public byte[] sealOpen() {
		return cipher.open(scope, field, cipher.seal(scope, field, plaintext));
	}

	@Benchmark
	public byte[] rawTink() throws GeneralSecurityException {
		return raw.decrypt(raw.encrypt(plaintext, associatedData), associatedData);
	}

}
