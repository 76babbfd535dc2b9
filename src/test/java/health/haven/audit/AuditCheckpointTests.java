package health.haven.audit;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.audit.internal.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Covers("SEC-AU-01")
class AuditCheckpointTests {

	@TempDir
	Path temp;

	@Test
	void checkpointsAreSignedAndTheKeyIsPrivate() throws Exception {
		Path dir = temp.resolve("audit");
		Checkpoints checkpoints = Checkpoints.open(dir, 10, Duration.ofHours(1));
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		assertThat(checkpoints.maybeWrite(1, new byte[32], now)).as("the first entry is anchored at once").isTrue();
		assertThat(checkpoints.maybeWrite(5, new byte[32], now)).isFalse();
		assertThat(checkpoints.maybeWrite(11, new byte[32], now)).isTrue();
		assertThat(checkpoints.maybeWrite(12, new byte[32], now.plus(Duration.ofHours(2)))).isTrue();

		List<Checkpoints.Checkpoint> read = Checkpoints.read(dir);
		assertThat(read).extracting(Checkpoints.Checkpoint::size).containsExactly(1L, 11L, 12L);
		assertThat(read).allMatch(c -> Checkpoints.signatureValid(c, Checkpoints.publicKey(dir)));
		assertThat(Files.getPosixFilePermissions(dir.resolve("checkpoint.key")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));

		Checkpoints.Checkpoint forged = new Checkpoints.Checkpoint(9, 13, read.get(2).hash(), read.get(2).at(),
				read.get(2).signature());
		assertThat(Checkpoints.signatureValid(forged, Checkpoints.publicKey(dir))).isFalse();
	}

}
