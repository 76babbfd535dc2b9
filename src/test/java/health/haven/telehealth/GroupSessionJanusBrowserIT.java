package health.haven.telehealth;

import static org.assertj.core.api.Assertions.assertThat;

import static health.haven.telehealth.RoomBrowsers.awaitState;
import static health.haven.telehealth.RoomBrowsers.dump;
import static health.haven.telehealth.RoomBrowsers.keys;
import static health.haven.telehealth.RoomBrowsers.lastKey;
import static health.haven.telehealth.RoomBrowsers.number;
import static health.haven.telehealth.RoomBrowsers.remoteVideosDecoding;
import static health.haven.telehealth.RoomBrowsers.waitFor;

import health.haven.identity.Actor;
import health.haven.support.AuditLog;
import health.haven.support.TestServer;
import health.haven.telehealth.internal.Presence;
import health.haven.telehealth.internal.RelayedMessages;
import health.haven.telehealth.internal.janus.JanusServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A group of four through the real Janus server Haven starts: the facilitator and three clients, every frame
 * end-to-end encrypted in the browsers, all decode each other; the facilitator removes one client: the server ends
 * their connection and their place in the media room, the key rotates, the others keep decoding with the new key;
 * and no signaling message the server relayed carried a media key any browser used. And when Janus dies in the middle
 * of a group, Haven starts it again and the browsers see each other through the new one.
 */
class GroupSessionJanusBrowserIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final RoomBrowsers browsers = new RoomBrowsers(server);

	@AfterAll
	static void closeBrowsers() {
		browsers.close();
	}

	@Test
	void fourPeopleThroughJanusDecodeEachOtherAndARemovalRotatesTheKey() {
		assertThat(TestServer.janusInstalled()).as("the janus package (./haven test installs it)").isTrue();
		assertThat(server.bean(JanusServer.class).available()).as("Haven started its Janus").isTrue();
		TelehealthClinic clinic = new TelehealthClinic(server);
		List<Actor> clients = List.of(clinic.client("Ana Alvarez", "TX"), clinic.client("Ben Birchwood", "TX"),
				clinic.client("Cat Castellanos", "TX"));
		UUID session = clinic.groupNow(clients.stream().map(clinic::clientOf).toArray(health.haven.shared.ClientId[]::new));
		clients.forEach(client -> clinic.ready(client, session));

		ChromeDriver host = browsers.signedIn(clinic, clinic.facilitator);
		host.get(server.uri("/telehealth/sessions/" + session).toString());
		waitFor(host).until(driver -> driver.getCurrentUrl().contains("/telehealth/rooms/"));
		String room = host.getCurrentUrl().replaceAll(".*/telehealth/rooms/([0-9a-f-]{36}).*", "$1");
		host.findElement(By.id("join")).click();
		awaitState(host, "hosting", "connected");

		List<ChromeDriver> guests = new ArrayList<>();
		for (Actor client : clients) {
			ChromeDriver guest = browsers.signedIn(clinic, client);
			guest.get(server.uri("/telehealth/sessions/" + session).toString());
			waitFor(guest).until(ExpectedConditions.elementToBeClickable(By.id("join"))).click();
			awaitState(guest, "waiting");
			guests.add(guest);
		}
		waitFor(host).until(driver -> driver.findElements(By.cssSelector("#waiting-list button.admit")).size() == 3);
		host.findElement(By.id("admit-all")).click();

		List<ChromeDriver> everyone = new ArrayList<>(List.of(host));
		everyone.addAll(guests);
		for (ChromeDriver side : everyone) {
			new WebDriverWait(side, Duration.ofSeconds(90)).withMessage(() -> dump(everyone))
				.until(driver -> remoteVideosDecoding((ChromeDriver) driver) >= 3
						&& number(driver, "havenMedia.decrypted") > 0);
		}
		for (ChromeDriver side : everyone) {
			assertThat(side.executeScript("return havenMedia.transport")).isEqualTo("janus");
			assertThat(number(side, "havenMedia.encrypted")).as("frames encrypted by the transform").isPositive();
		}
		// Everyone holds the same current key and sees the same safety code; names are first name + initial.
		// (Public keys reach each page as people are admitted: the code settles once every page holds all four.)
		for (ChromeDriver guest : guests) {
			waitFor(guest).withMessage(() -> dump(everyone)).until(driver -> lastKey(guest).equals(lastKey(host))
					&& guest.executeScript("return havenMedia.safetyCode")
						.equals(host.executeScript("return havenMedia.safetyCode")));
		}
		assertThat((String) host.executeScript("return havenMedia.safetyCode")).matches("\\d{3} \\d{3}");
		assertThat(guests.get(0).findElement(By.id("people-list")).getText()).contains("Frances F.", "Ben B.", "Cat C.")
			.doesNotContain("Birchwood", "Castellanos");
		// In-session chat is encrypted in the browsers the same way: everyone reads it, the server relays ciphertext.
		String words = "Checking in from the group " + UUID.randomUUID().toString().substring(0, 6);
		host.findElement(By.id("chat-text")).sendKeys(words);
		host.findElement(By.cssSelector("#chat-form button")).click();
		for (ChromeDriver guest : guests) {
			waitFor(guest).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-log"), "Frances F.: " + words));
		}
		assertThat(server.bean(RelayedMessages.class).all()).anySatisfy(message -> assertThat(message)
			.contains("\"type\":\"chat\"")).noneSatisfy(message -> assertThat(message).contains(words));
		long janusRoom = (Long) server.bean(Presence.class).mediaRoom(UUID.fromString(room)).orElseThrow();
		assertThat(server.bean(JanusServer.class).rooms().participants(janusRoom)).hasSize(4);
		assertThat(server.bean(JanusServer.class).rooms().facts(janusRoom).orElseThrow().requireE2ee()).isTrue();

		// The facilitator removes Ana: the server ends her connection and her place in the media room.
		ChromeDriver removed = guests.get(0);
		String removedKey = lastKey(removed);
		String anaId = (String) removed.executeScript("return havenMedia.participant");
		host.findElement(By.cssSelector("#people-list li[data-participant='" + anaId + "'] button.remove")).click();
		awaitState(removed, "removed");
		waitFor(host).until(driver -> server.bean(JanusServer.class).rooms().participants(janusRoom).size() == 3);
		assertThat(AuditLog.awaitCount(db, 1, "action = 'ROOM_REMOVE' AND resource_id = ?", room)).isEqualTo(1);

		// The key rotated; the others hold the new key (not the one Ana held) and keep decoding each other.
		List<ChromeDriver> remaining = List.of(host, guests.get(1), guests.get(2));
		waitFor(host).until(driver -> !lastKey(host).equals(removedKey));
		for (ChromeDriver side : remaining) {
			waitFor(side).until(driver -> lastKey(side).equals(lastKey(host)));
		}
		for (ChromeDriver side : remaining) {
			double before = number(side, "havenMedia.decrypted");
			new WebDriverWait(side, Duration.ofSeconds(20)).withMessage(() -> dump(remaining))
				.until(driver -> number(driver, "havenMedia.decrypted") > before + 30);
		}
		assertThat(keys(removed)).doesNotContain(lastKey(host));

		// Not one relayed message carried a media key any browser used (hex or base64).
		Set<String> used = new LinkedHashSet<>();
		everyone.forEach(side -> used.addAll(keys(side)));
		List<String> relayed = server.bean(RelayedMessages.class).all();
		assertThat(relayed).anySatisfy(message -> assertThat(message).contains("\"type\":\"wrappedKey\""));
		for (String key : used) {
			byte[] raw = HexFormat.of().parseHex(key);
			for (String form : List.of(key, key.toUpperCase(), Base64.getEncoder().encodeToString(raw),
					Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
					Base64.getEncoder().withoutPadding().encodeToString(raw))) {
				assertThat(relayed).noneSatisfy(message -> assertThat(message).contains(form));
			}
		}

		host.findElement(By.id("end")).click();
		awaitState(host, "ended");
		waitFor(host).until(driver -> server.bean(Presence.class).mediaRoom(UUID.fromString(room)).isEmpty());
		assertThat(server.bean(JanusServer.class).rooms().facts(janusRoom)).as("the Janus room destroyed").isEmpty();
	}


	@Test
	void whenJanusDiesMidSessionHavenStartsItAgainAndTheGroupSeesEachOtherAgain() {
		assertThat(TestServer.janusInstalled()).as("the janus package (./haven test installs it)").isTrue();
		JanusServer janus = server.bean(JanusServer.class);
		TelehealthClinic clinic = new TelehealthClinic(server);
		Actor client = clinic.client("Dee Delgado", "TX");
		UUID session = clinic.groupNow(clinic.clientOf(client));
		clinic.ready(client, session);

		ChromeDriver host = browsers.signedIn(clinic, clinic.facilitator);
		host.get(server.uri("/telehealth/sessions/" + session).toString());
		waitFor(host).until(driver -> driver.getCurrentUrl().contains("/telehealth/rooms/"));
		UUID room = UUID.fromString(host.getCurrentUrl().replaceAll(".*/telehealth/rooms/([0-9a-f-]{36}).*", "$1"));
		host.findElement(By.id("join")).click();
		awaitState(host, "hosting", "connected");
		ChromeDriver guest = browsers.signedIn(clinic, client);
		guest.get(server.uri("/telehealth/sessions/" + session).toString());
		waitFor(guest).until(ExpectedConditions.elementToBeClickable(By.id("join"))).click();
		awaitState(guest, "waiting");
		waitFor(host).until(driver -> driver.findElements(By.cssSelector("#waiting-list button.admit")).size() == 1);
		host.findElement(By.id("admit-all")).click();
		List<ChromeDriver> both = List.of(host, guest);
		for (ChromeDriver side : both) {
			new WebDriverWait(side, Duration.ofSeconds(90)).withMessage(() -> dump(both))
				.until(driver -> remoteVideosDecoding((ChromeDriver) driver) >= 1
						&& number(driver, "havenMedia.decrypted") > 0);
			assertThat(side.executeScript("return havenMedia.transport")).isEqualTo("janus");
		}
		long before = janus.generation();
		long oldRoom = (Long) server.bean(Presence.class).mediaRoom(room).orElseThrow();

		// Janus is killed outright (as the OOM killer would): Haven starts a new one and moves the room onto it.
		janus.process().orElseThrow().destroyForcibly();
		for (ChromeDriver side : both) {
			new WebDriverWait(side, Duration.ofSeconds(60)).withMessage(() -> dump(both))
				.until(driver -> number(driver, "havenMedia.mediaRestarts") >= 1);
		}
		assertThat(janus.generation()).isEqualTo(before + 1);
		for (ChromeDriver side : both) {
			double decrypted = number(side, "havenMedia.decrypted");
			new WebDriverWait(side, Duration.ofSeconds(60)).withMessage(() -> dump(both))
				.until(driver -> remoteVideosDecoding((ChromeDriver) driver) >= 1
						&& number(driver, "havenMedia.decrypted") > decrypted + 30);
		}
		long newRoom = (Long) server.bean(Presence.class).mediaRoom(room).orElseThrow();
		assertThat(newRoom).as("a room on the new Janus").isNotEqualTo(oldRoom);
		assertThat(janus.rooms().participants(newRoom)).hasSize(2);
		assertThat(janus.rooms().facts(newRoom).orElseThrow().requireE2ee()).isTrue();
		assertThat(guest.executeScript("return havenMedia.state")).as("the client stayed in the room").isEqualTo("connected");

		host.findElement(By.id("end")).click();
		awaitState(host, "ended");
		waitFor(host).until(driver -> server.bean(Presence.class).mediaRoom(room).isEmpty());
		assertThat(janus.rooms().facts(newRoom)).as("the new Janus room destroyed").isEmpty();
	}

}
