package health.haven.telehealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import health.haven.identity.Actor;
import health.haven.support.AuditLog;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A scheduled group's room, through its signaling as the room page speaks it: seats come from the session (someone
 * not on the roster has none), the join gates are the server's (no group agreement: refused; a facilitator not
 * licensed in the client's state: the client waits and cannot be admitted, staff told why), a waiting client learns no
 * one else's name, people appear by first name and last initial, relays go to the participant they name, a locked
 * room refuses newcomers and a removed client's connection is ended. Every refusal is audited.
 */
class GroupRoomSignalingIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	final TelehealthClinic clinic = new TelehealthClinic(server);

	@Test
	void seatsGatesNamesAndControlsAreDecidedByTheServer() throws Exception {
		Actor ana = clinic.client("Ana Alvarez", "TX");
		Actor ben = clinic.client("Ben Birchwood", "TX");
		Actor cat = clinic.client("Cat Castellanos", "TX");
		Actor dee = clinic.client("Dee Dunmore", "TX");
		Actor stranger = clinic.client("Sol Stranger", "TX");
		UUID session = clinic.groupNow(clinic.clientOf(ana), clinic.clientOf(ben), clinic.clientOf(cat),
				clinic.clientOf(dee));
		clinic.ready(ana, session);
		clinic.consents(ben, false);
		clinic.location(ben, session, "TX");
		clinic.consents(cat, true);
		clinic.location(cat, session, "FL");
		clinic.ready(dee, session);
		clinic.ready(stranger, session);

		// The facilitator enters the session's room: opened now, since the session has started.
		Http facilitatorHttp = clinic.signIn(clinic.facilitator);
		HttpResponse<String> entered = facilitatorHttp.get("/telehealth/sessions/" + session);
		assertThat(entered.statusCode()).isEqualTo(302);
		String room = Http.location(entered).replaceAll(".*/telehealth/rooms/([0-9a-f-]{36}).*", "$1");
		assertThat(clinic.signIn(ana).get("/telehealth/sessions/" + session).headers().firstValue("Location"))
			.as("the same room for everyone").hasValueSatisfying(location -> assertThat(location).endsWith(room));

		// Someone not on the roster has no seat: not the session, not the room, not its signaling.
		Http strangerHttp = clinic.signIn(stranger);
		assertThat(strangerHttp.get("/telehealth/sessions/" + session).statusCode()).isEqualTo(404);
		assertThat(strangerHttp.get("/telehealth/rooms/" + room).statusCode()).isEqualTo(404);
		assertThatThrownBy(() -> SignalClient.connect(strangerHttp, room)).isNotNull();
		assertThat(AuditLog.awaitCount(db, 2, "action = 'ROOM_JOIN' AND outcome = 'DENIED' AND resource_id = ? "
				+ "AND actor_user = ?::uuid AND details LIKE '%NOT_ON_ROSTER%'", room, stranger.user().toString()))
			.isGreaterThanOrEqualTo(2);

		SignalClient host = SignalClient.connect(facilitatorHttp, room);
		host.send("{\"type\":\"join\"}");
		JsonNode joined = host.next("joined");
		assertThat(joined.path("seat").asString()).isEqualTo("HOST");
		assertThat(joined.path("group").asBoolean()).isTrue();
		assertThat(joined.path("name").asString()).isEqualTo("Frances F.");
		String hostId = joined.path("participant").asString();
		assertThat(joined.path("leader").asString()).isEqualTo(hostId);

		// Ana waits; the facilitator sees her as "Ana A.", she sees nobody.
		SignalClient anaSocket = SignalClient.connect(clinic.signIn(ana), room);
		anaSocket.send("{\"type\":\"join\"}");
		assertThat(anaSocket.next("joined").path("seat").asString()).isEqualTo("GUEST");
		JsonNode anaWaiting = anaSocket.next("waiting");
		assertThat(anaWaiting.has("participant")).isFalse();
		JsonNode anaAtDoor = host.next("waiting");
		assertThat(anaAtDoor.path("name").asString()).isEqualTo("Ana A.");
		assertThat(anaAtDoor.has("blocked")).isFalse();
		String anaId = anaAtDoor.path("participant").asString();

		// Ben has not signed the group agreement: the server refuses his join, audited.
		SignalClient benSocket = SignalClient.connect(clinic.signIn(ben), room);
		benSocket.send("{\"type\":\"join\"}");
		JsonNode benRefused = benSocket.next("refused");
		assertThat(benRefused.path("reason").asString()).isEqualTo("gates");
		assertThat(benRefused.path("gates").toString()).contains("GROUP_AGREEMENT_MISSING");
		assertThat(benSocket.closed.get(10, TimeUnit.SECONDS)).isNotEqualTo(-1);
		assertThat(AuditLog.awaitCount(db, 1, "resource_type = 'join_gate' AND outcome = 'DENIED' AND resource_id = ? "
				+ "AND actor_user = ?::uuid AND details LIKE '%GROUP_AGREEMENT_MISSING%'", session.toString(),
				ben.user().toString())).isPositive();

		// Cat is in Florida, where the facilitator holds no license: she waits, staff are told why, admitting her is
		// refused by the server and audited.
		SignalClient catSocket = SignalClient.connect(clinic.signIn(cat), room);
		catSocket.send("{\"type\":\"join\"}");
		catSocket.next("waiting");
		JsonNode catAtDoor = host.next("waiting");
		assertThat(catAtDoor.path("blocked").toString()).contains("FACILITATOR_NOT_LICENSED_IN_STATE")
			.contains("State: FL");
		String catId = catAtDoor.path("participant").asString();
		host.send("{\"type\":\"admit\",\"participant\":\"" + catId + "\"}");
		JsonNode notAdmitted = host.next("refused");
		assertThat(notAdmitted.path("reason").asString()).isEqualTo("gates");
		assertThat(notAdmitted.path("participant").asString()).isEqualTo(catId);
		assertThat(AuditLog.awaitCount(db, 1, "action = 'ROOM_ADMIT' AND outcome = 'DENIED' AND resource_id = ? "
				+ "AND details LIKE '%FACILITATOR_NOT_LICENSED_IN_STATE%'", room)).isEqualTo(1);

		// Ana is admitted: she learns who is in the room by short name, and who hands out the key.
		host.send("{\"type\":\"admit\",\"participant\":\"" + anaId + "\"}");
		JsonNode admitted = anaSocket.next("admitted");
		assertThat(admitted.path("leader").asString()).isEqualTo(hostId);
		assertThat(admitted.path("peers").toString()).contains("\"name\":\"Frances F.\"").contains(hostId);
		JsonNode arrived = host.next("arrived");
		assertThat(arrived.path("participant").asString()).isEqualTo(anaId);
		assertThat(arrived.path("name").asString()).isEqualTo("Ana A.");

		// Relays go to the participant they name; a group relay that names nobody is refused.
		anaSocket.send("{\"type\":\"offer\",\"sdp\":\"v=0\"}");
		assertThat(anaSocket.next("refused").path("reason").asString()).isEqualTo("bad-message");
		anaSocket.send("{\"type\":\"offer\",\"to\":\"" + hostId + "\",\"sdp\":\"v=0\",\"extra\":\"dropped\"}");
		JsonNode offer = host.next("offer");
		assertThat(offer.path("from").asString()).isEqualTo(anaId);
		assertThat(offer.has("extra")).as("only allow-listed fields are relayed").isFalse();
		host.send("{\"type\":\"wrappedKey\",\"wrapped\":\"AAAA\",\"salt\":\"BBBB\",\"keyId\":1}");
		assertThat(host.next("refused").path("reason").asString()).isEqualTo("bad-message");
		host.send("{\"type\":\"wrappedKey\",\"to\":\"" + anaId + "\",\"wrapped\":\"AAAA\",\"salt\":\"BBBB\",\"keyId\":1}");
		assertThat(anaSocket.next("wrappedKey").path("from").asString()).isEqualTo(hostId);

		// Only the host controls the room; recording is never offered.
		anaSocket.send("{\"type\":\"lock\"}");
		assertThat(anaSocket.next("refused").path("reason").asString()).isEqualTo("not-allowed");
		anaSocket.send("{\"type\":\"startRecording\"}");
		assertThat(anaSocket.next("refused").path("reason").asString()).isEqualTo("recording-not-offered");

		// Locked: Dee, on the roster and ready, is refused by the server, audited.
		host.send("{\"type\":\"lock\"}");
		host.next("locked");
		SignalClient deeSocket = SignalClient.connect(clinic.signIn(dee), room);
		deeSocket.send("{\"type\":\"join\"}");
		assertThat(deeSocket.next("refused").path("reason").asString()).isEqualTo("locked");
		assertThat(AuditLog.awaitCount(db, 1, "action = 'ROOM_JOIN' AND outcome = 'DENIED' AND resource_id = ? "
				+ "AND actor_user = ?::uuid AND details LIKE '%LOCKED%'", room, dee.user().toString())).isEqualTo(1);

		// Removing Ana ends her connection; the host learns she left and still leads the keys.
		host.send("{\"type\":\"remove\",\"participant\":\"" + anaId + "\"}");
		anaSocket.next("removed");
		assertThat(anaSocket.closed.get(10, TimeUnit.SECONDS)).isNotEqualTo(-1);
		JsonNode left = host.next("left");
		assertThat(left.path("participant").asString()).isEqualTo(anaId);
		assertThat(left.path("how").asString()).isEqualTo("REMOVED");
		assertThat(left.path("leader").asString()).isEqualTo(hostId);
		assertThat(AuditLog.awaitCount(db, 1, "action = 'ROOM_REMOVE' AND resource_id = ?", room)).isEqualTo(1);

		// No full name, no other client's name, ever reached a client; the waiting client learned no name at all.
		for (SignalClient client : List.of(anaSocket, catSocket, benSocket, deeSocket)) {
			assertThat(client.all().toString()).doesNotContain("Alvarez", "Birchwood", "Castellanos", "Dunmore",
					"Facilitator", clinic.slug);
		}
		assertThat(catSocket.all().toString()).doesNotContain("Ana", "Frances");

		host.send("{\"type\":\"end\"}");
		host.next("ended");
		catSocket.next("ended");
		assertThat(db.sql("SELECT status FROM telehealth.room WHERE id = ?::uuid").param(room).query(String.class)
			.single()).isEqualTo("CLOSED");
		assertThat(db.sql("SELECT count(*) FROM telehealth.room_presence WHERE room_id = ?::uuid AND role = 'GUEST' "
				+ "AND client_id IS NOT NULL").param(room).query(Long.class).single())
			.as("every guest's stay is counted for their client").isGreaterThanOrEqualTo(2);
	}

	@Test
	void aSessionsRoomOpensFifteenMinutesBeforeItStarts() {
		assumeThat(ZonedDateTime.now(TelehealthClinic.ZONE).toLocalTime()).as("a session two hours on is still today")
			.isBefore(LocalTime.of(21, 0));
		Actor eve = clinic.client("Eve Evergreen", "TX");
		UUID later = clinic.group(2, clinic.clientOf(eve));
		HttpResponse<String> early = clinic.signIn(clinic.facilitator).get("/telehealth/sessions/" + later);
		assertThat(early.statusCode()).isEqualTo(409);
		assertThat(early.body()).contains("opens 15 minutes before the session starts");
		assertThat(db.sql("SELECT count(*) FROM telehealth.room WHERE session_id = ?").param(later).query(Long.class)
			.single()).as("no room opened").isZero();
	}

}
