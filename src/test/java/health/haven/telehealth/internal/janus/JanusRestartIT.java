package health.haven.telehealth.internal.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

/**
 * Haven's own Janus dies (killed outright, as the OOM killer would): Haven starts a new one, with new ports, and tells
 * its listeners, while the rooms of the dead one are gone. A Janus Haven stops itself is not started again.
 */
class JanusRestartIT {

	@TempDir
	Path dataDir;

	JanusServer janus;

	@BeforeEach
	void startJanus() {
		assumeTrue(JanusServer.findBinary("janus").isPresent(),
				"janus is not installed: ./haven test installs it (apt-get install janus)");
		janus = new JanusServer(JanusSettings.auto(dataDir.resolve("janus")));
		janus.start();
	}

	@AfterEach
	void stopJanus() {
		if (janus != null) {
			janus.stop();
		}
	}

	@Test
	void aJanusThatDiesIsStartedAgainAndItsRoomsAreGone() {
		AtomicInteger restarts = new AtomicInteger();
		janus.onRestart(restarts::incrementAndGet);
		assertThat(janus.generation()).isEqualTo(1);
		ProcessHandle first = janus.process().orElseThrow();
		long oldRoom = janus.rooms().createRoom(4);
		var oldApi = janus.apiUrl().orElseThrow();

		first.destroyForcibly();

		awaitTrue(() -> restarts.get() == 1, "the restart listener ran");
		assertThat(first.isAlive()).isFalse();
		assertThat(janus.generation()).isEqualTo(2);
		assertThat(janus.available()).isTrue();
		ProcessHandle second = janus.process().orElseThrow();
		assertThat(second.pid()).isNotEqualTo(first.pid());
		assertThat(janus.apiUrl().orElseThrow()).isNotEqualTo(oldApi);
		JanusRooms rooms = janus.rooms();
		assertThat(rooms.facts(oldRoom)).as("the dead Janus's room").isEmpty();
		long newRoom = rooms.createRoom(4);
		assertThat(rooms.facts(newRoom).orElseThrow().requireE2ee()).isTrue();
		assertThat(JanusServerIT.janusProcessesUsing(dataDir)).as("one Janus running").hasSize(1);

		janus.stop();
		assertThat(second.isAlive()).isFalse();
		sleep(Duration.ofMillis(1500));
		assertThat(janus.available()).isFalse();
		assertThat(restarts.get()).as("a Janus Haven stopped is not started again").isEqualTo(1);
		assertThat(JanusServerIT.janusProcessesUsing(dataDir)).isEmpty();
		assertThatThrownBy(janus::rooms).isInstanceOf(JanusException.class);
	}

	@Test
	void aJanusThatCannotStartAgainIsTriedUntilItDoes() throws IOException {
		janus.stop();
		// Janus through a wrapper that refuses to start while a file says so, as a broken package or a full disk would.
		Path blocked = dataDir.resolve("blocked");
		Path wrapper = dataDir.resolve("janus-wrapper");
		Files.writeString(wrapper, "#!/bin/sh\n[ -e " + blocked + " ] && exit 3\nexec "
				+ JanusServer.findBinary("janus").orElseThrow() + " \"$@\"\n");
		Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
		janus = new JanusServer(JanusSettings.of("auto", "", "", "", "", dataDir.resolve("janus"), wrapper.toString(),
				"20000-40000", Duration.ofSeconds(15)));
		janus.start();
		AtomicInteger restarts = new AtomicInteger();
		janus.onRestart(restarts::incrementAndGet);
		ProcessHandle first = janus.process().orElseThrow();
		GroupMediaHealth health = new GroupMediaHealth(janus);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);

		Files.createFile(blocked);
		first.destroyForcibly();
		awaitTrue(() -> !first.isAlive(), "Janus is gone");
		sleep(Duration.ofSeconds(3));
		// Attempts at 0.5, 1.5 and 3.5 s: those so far failed; nothing is handed out as if Janus ran.
		assertThat(janus.available()).isFalse();
		assertThat(janus.process()).isEmpty();
		assertThatThrownBy(janus::rooms).isInstanceOf(JanusException.class);
		assertThat(restarts.get()).isZero();
		assertThat(health.health().getStatus()).as("Haven serves; group media is missing for now")
			.isEqualTo(GroupMediaHealth.DEGRADED);

		Files.delete(blocked);
		awaitTrue(janus::available, "Janus is back");
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(restarts.get()).isEqualTo(1);
		assertThat(janus.generation()).isEqualTo(2);
		assertThat(janus.rooms().facts(janus.rooms().createRoom(4))).isPresent();
	}

	static void awaitTrue(BooleanSupplier condition, String what) {
		Instant deadline = Instant.now().plusSeconds(30);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("timed out waiting until " + what);
			}
			sleep(Duration.ofMillis(50));
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
