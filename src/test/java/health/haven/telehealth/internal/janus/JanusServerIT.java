package health.haven.telehealth.internal.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import health.haven.telehealth.internal.janus.JanusLeg.Ending;
import health.haven.telehealth.internal.janus.JanusLeg.Publisher;
import health.haven.telehealth.internal.janus.JanusLeg.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Haven's own Janus (auto mode), started by the test without a Spring context: rooms are end-to-end encrypted and
 * cannot be recorded, only allowed tokens get in, a revoked token is refused at once, a facilitator can remove a
 * participant and end the room, a browser's offer is answered, and nothing of Janus is left running afterwards.
 * Media itself (ICE, DTLS, subscriptions to a live feed) needs real browsers: the group browser test covers it.
 */
class JanusServerIT {

	/** Audio and video, sendonly, with fake ICE credentials: Janus answers it without ICE ever completing. */
	static final String OFFER = String.join("\r\n", "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-",
			"t=0 0", "a=group:BUNDLE 0 1", "a=msid-semantic: WMS s", "m=audio 9 UDP/TLS/RTP/SAVPF 111",
			"c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
			"a=ice-options:trickle", "a=fingerprint:sha-256 " + fingerprint(), "a=setup:actpass", "a=mid:0",
			"a=sendonly", "a=msid:s a", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1",
			"a=ssrc:1111 cname:c", "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
			"a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx", "a=ice-options:trickle",
			"a=fingerprint:sha-256 " + fingerprint(), "a=setup:actpass", "a=mid:1", "a=sendonly", "a=msid:s v",
			"a=rtcp-mux", "a=rtcp-rsize", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli",
			"a=ssrc:2222 cname:c", "");

	@TempDir
	static Path dataDir;

	static JanusServer janus;

	static JanusRooms rooms;

	final List<JanusLeg> legs = new ArrayList<>();

	final List<Long> created = new ArrayList<>();

	@BeforeAll
	static void startJanus() {
		assumeTrue(JanusServer.findBinary("janus").isPresent(),
				"janus is not installed: ./haven test installs it (apt-get install janus)");
		janus = new JanusServer(JanusSettings.auto(dataDir.resolve("janus")));
		janus.start();
		rooms = janus.rooms();
	}

	@AfterAll
	static void stopJanus() {
		if (janus == null) {
			return;
		}
		ProcessHandle process = janus.process().orElseThrow();
		janus.stop();
		assertThat(process.isAlive()).as("Janus stopped with Haven").isFalse();
		assertThat(janusProcessesUsing(dataDir)).as("no Janus left running").isEmpty();
		assertThat(janus.available()).isFalse();
	}

	@AfterEach
	void cleanUp() {
		legs.forEach(JanusLeg::close);
		created.forEach(rooms::destroy);
	}

	@Test
	void haven_sOwnJanusListensOnLoopbackOnlyWithTheVideoRoomAndOneTransport() throws IOException {
		assertThat(janus.available()).isTrue();
		assertThat(janus.apiUrl().orElseThrow().getHost()).isEqualTo("127.0.0.1");
		assertThat(janus.apiUrl().orElseThrow().getPort()).isNotIn(8188, 8088, 7088, 7188);
		Path dir = dataDir.resolve("janus");
		String log = Files.readString(dir.resolve("janus.log"));
		assertThat(log).contains("Loading plugin 'libjanus_videoroom.so'", "Stored-Token based authentication enabled")
			.doesNotContain("Loading plugin 'libjanus_audiobridge", "Loading plugin 'libjanus_streaming",
					"Loading transport plugin 'libjanus_http", "Loading transport plugin 'libjanus_pfunix");
		assertThat(log.split("Loading plugin '", -1)).hasSize(2);
		assertThat(log.split("Loading transport plugin '", -1)).hasSize(2);
		assertThat(Files.getPosixFilePermissions(dir.resolve("janus.jcfg")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
		assertThat(rooms.storedTokens()).isTrue();
	}

	@Test
	void roomsRequireEndToEndEncryptionAndRecordingIsOffAndLocked() {
		long room = room(15);
		JanusRooms.RoomFacts facts = rooms.facts(room).orElseThrow();
		assertThat(facts.requireE2ee()).isTrue();
		assertThat(facts.record()).isFalse();
		assertThat(facts.lockRecord()).isTrue();
		assertThat(facts.isPrivate()).isTrue();
		assertThat(facts.maxPublishers()).isEqualTo(15);
		assertThat(facts.videoCodec()).isEqualTo("vp8");
		assertThat(facts.audioCodec()).isEqualTo("opus");

		// Without the room's secret (which only Haven holds) Janus refuses to start recording or to edit the room.
		JsonNode enable = rooms.rawRoomRequest(JanusClient.JSON.createObjectNode()
			.put("request", "enable_recording")
			.put("room", room)
			.put("record", true));
		assertThat(enable.path("plugindata").path("data").path("error_code").asInt()).isPositive();
		JsonNode edit = rooms.rawRoomRequest(JanusClient.JSON.createObjectNode()
			.put("request", "edit")
			.put("room", room)
			.put("new_rec_dir", dataDir.toString()));
		assertThat(edit.path("plugindata").path("data").path("error_code").asInt()).isPositive();
		// Nor does the VideoRoom create a room without its admin key.
		JsonNode create = rooms.rawRoomRequest(JanusClient.JSON.createObjectNode().put("request", "create"));
		assertThat(create.path("plugindata").path("data").path("error_code").asInt()).isPositive();
		assertThat(rooms.facts(room).orElseThrow().record()).isFalse();
	}

	@Test
	void aParticipantWithAnAllowedTokenJoinsAndIsListedByTheirOpaqueId() {
		long room = room(8);
		String token = allowed(room);
		JanusLeg leg = leg(room, token, new Events());
		assertThat(leg.join("p-1")).isEmpty();
		assertThat(leg.participantId()).isPresent();
		assertThat(rooms.participants(room)).containsExactly(new Publisher(leg.participantId().getAsLong(), "p-1"));
	}

	@Test
	void aTokenNeverAllowedIsRefusedByJanus() {
		long room = room(8);
		assertThatThrownBy(() -> leg(room, JanusRooms.mintToken(), new Events()))
			.isInstanceOfSatisfying(JanusException.class, ex -> assertThat(ex.janusCode()).isEqualTo(403));
	}

	@Test
	void aTokenAllowedInOneRoomCannotJoinAnother() {
		long mine = room(8);
		long other = room(8);
		String token = allowed(mine);
		JanusLeg leg = rooms.openLeg(mine, token, new Events());
		legs.add(leg);
		// A leg only ever joins its own room; Janus would refuse the token in another one too.
		JanusLeg elsewhere = leg(other, token, new Events());
		assertThatThrownBy(() -> elsewhere.join("p-2"))
			.isInstanceOfSatisfying(JanusException.class, ex -> assertThat(ex.janusCode()).isEqualTo(433));
	}

	@Test
	void aRevokedTokenIsRefusedAtOnceAndCannotComeBack() {
		long room = room(8);
		String token = allowed(room);
		Events events = new Events();
		JanusLeg leg = leg(room, token, events);
		leg.join("p-3");
		rooms.disallow(room, token);
		assertThatThrownBy(() -> leg.trickleComplete(Target.publisher()))
			.isInstanceOfSatisfying(JanusException.class, ex -> assertThat(ex.janusCode()).isEqualTo(403));
		assertThatThrownBy(() -> leg(room, token, new Events())).isInstanceOf(JanusException.class);
	}

	@Test
	void theFacilitatorRemovesAParticipantWhoseLegIsToldItWasKicked() {
		long room = room(8);
		Events removedEvents = new Events();
		JanusLeg removed = leg(room, allowed(room), removedEvents);
		JanusLeg staying = leg(room, allowed(room), new Events());
		removed.join("p-4");
		staying.join("p-5");
		assertThat(rooms.kick(room, removed.participantId().getAsLong())).isTrue();
		awaitTrue(() -> removedEvents.endings.contains(Ending.KICKED), "the kicked leg is told");
		assertThat(rooms.participants(room)).extracting(Publisher::display).containsExactly("p-5");
		assertThat(rooms.kick(room, removed.participantId().getAsLong())).isFalse();
	}

	@Test
	void destroyingTheRoomEndsEveryLeg() {
		long room = rooms.createRoom(8);
		Events events = new Events();
		JanusLeg leg = leg(room, allowed(room), events);
		leg.join("p-6");
		rooms.destroy(room);
		awaitTrue(() -> events.endings.contains(Ending.ROOM_DESTROYED), "the leg is told the room ended");
		assertThat(rooms.facts(room)).isEmpty();
		assertThatThrownBy(() -> rooms.kick(room, 1)).isInstanceOf(JanusException.class);
	}

	@Test
	void aPublisherOfferIsAnsweredWithEndToEndEncryptionDeclaredAndJanusLogsNoneOfIt() throws IOException {
		long room = room(8);
		JanusLeg leg = leg(room, allowed(room), new Events());
		String answer = leg.publish(OFFER, "p-7");
		assertThat(answer).startsWith("v=0").contains("m=audio", "m=video", "VP8/90000", "opus/48000/2", "a=recvonly");
		leg.trickle(Target.publisher(),
				"{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"extra\":1}");
		leg.trickleComplete(Target.publisher());
		String log = Files.readString(dataDir.resolve("janus/janus.log"));
		assertThat(log).doesNotContain("a=ice-pwd", "abcdefghijklmnopqrstuvwx", "candidate:1 1 udp", "p-7");
	}

	@Test
	void aLegRefusesWhatItWasNotGiven() {
		long room = room(8);
		JanusLeg leg = leg(room, allowed(room), new Events());
		assertThatThrownBy(() -> leg.subscribe(42)).isInstanceOf(JanusException.class);
		leg.join("p-8");
		assertThatThrownBy(() -> leg.subscribe(42)).hasMessageContaining("TELEHEALTH_JANUS_NOT_ALLOWED");
		assertThatThrownBy(() -> leg.start(42, OFFER)).hasMessageContaining("TELEHEALTH_JANUS_NOT_ALLOWED");
		assertThatThrownBy(() -> leg.trickle(Target.subscription(42), "{\"candidate\":\"\"}"))
			.hasMessageContaining("TELEHEALTH_JANUS_NOT_ALLOWED");
		assertThatThrownBy(() -> leg.trickle(Target.publisher(), "{\"janus\":\"destroy\"}"))
			.hasMessageContaining("TELEHEALTH_JANUS_BAD_REQUEST");
		assertThatThrownBy(() -> leg.publish("not an sdp", "p-8")).hasMessageContaining("TELEHEALTH_JANUS_BAD_REQUEST");
		assertThatThrownBy(() -> leg.join("p-8")).hasMessageContaining("TELEHEALTH_JANUS_NOT_ALLOWED");
		assertThatThrownBy(() -> rooms.openLeg(123456789L, JanusRooms.mintToken(), new Events()))
			.hasMessageContaining("TELEHEALTH_JANUS_NOT_ALLOWED");
	}

	@Test
	void aDisplayMustBeAnOpaqueIdNotAName() {
		long room = room(8);
		JanusLeg leg = leg(room, allowed(room), new Events());
		assertThatThrownBy(() -> leg.join("Jane Doe")).hasMessageContaining("TELEHEALTH_JANUS_BAD_REQUEST");
	}

	@Nested
	class Lifecycle {

		@TempDir
		Path other;

		@Test
		void aJanusLeftByAKilledHavenIsStoppedBeforeTheNextStarts() {
			JanusServer crashed = new JanusServer(JanusSettings.auto(other.resolve("janus")));
			crashed.start();
			ProcessHandle orphan = crashed.process().orElseThrow();
			// Haven "dies" without stopping it (and nothing watches its Janus any more); the next start in the same data
			// directory finds it by its pid file.
			crashed.abandon();
			JanusServer next = new JanusServer(JanusSettings.auto(other.resolve("janus")));
			try {
				next.start();
				awaitTrue(() -> !orphan.isAlive(), "the leftover Janus is stopped");
				assertThat(next.process()).isPresent();
				assertThat(next.rooms().createRoom(8)).isPositive();
			}
			finally {
				next.stop();
				crashed.stop();
			}
			assertThat(janusProcessesUsing(other)).isEmpty();
		}

		@Test
		void withoutTheBinaryAutoModeSaysWhichPackageToInstall() {
			JanusServer missing = new JanusServer(JanusSettings.of("auto", "", "", "", "", other.resolve("janus"),
					"/nonexistent/janus", "20000-40000", Duration.ofSeconds(5)));
			assertThatThrownBy(missing::start).hasMessageContaining("apt-get install janus");
			assertThat(missing.available()).isFalse();
		}

		@Test
		void offMeansNoJanus() {
			JanusServer off = new JanusServer(JanusSettings.of("", "", "", "", "", other, "janus", "20000-40000",
					Duration.ofSeconds(5)));
			off.start();
			assertThat(off.available()).isFalse();
			assertThatThrownBy(off::rooms).hasMessageContaining("TELEHEALTH_JANUS_UNAVAILABLE");
		}

	}

	long room(int capacity) {
		long room = rooms.createRoom(capacity);
		created.add(room);
		return room;
	}

	String allowed(long room) {
		String token = JanusRooms.mintToken();
		rooms.allow(room, token);
		return token;
	}

	JanusLeg leg(long room, String token, JanusLeg.Listener listener) {
		JanusLeg leg = rooms.openLeg(room, token, listener);
		legs.add(leg);
		return leg;
	}

	static List<ProcessHandle> janusProcessesUsing(Path dir) {
		return ProcessHandle.allProcesses()
			.filter(process -> process.info().commandLine().map(line -> line.contains(dir.toString())).orElse(false))
			.toList();
	}

	static void awaitTrue(BooleanSupplier condition, String what) {
		Instant deadline = Instant.now().plusSeconds(10);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("timed out waiting until " + what);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	static String fingerprint() {
		return String.join(":", java.util.Collections.nCopies(32, "AB"));
	}

	static final class Events implements JanusLeg.Listener {

		final List<Publisher> appeared = new CopyOnWriteArrayList<>();

		final List<Long> left = new CopyOnWriteArrayList<>();

		final List<Ending> endings = new CopyOnWriteArrayList<>();

		@Override
		public void publishersAppeared(List<Publisher> publishers) {
			appeared.addAll(publishers);
		}

		@Override
		public void publisherLeft(long feedId) {
			left.add(feedId);
		}

		@Override
		public void ended(Ending why) {
			endings.add(why);
		}

	}

}
