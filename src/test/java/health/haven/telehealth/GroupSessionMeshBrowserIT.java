package health.haven.telehealth;

import static health.haven.telehealth.RoomBrowsers.awaitState;
import static health.haven.telehealth.RoomBrowsers.dump;
import static health.haven.telehealth.RoomBrowsers.lastKey;
import static health.haven.telehealth.RoomBrowsers.number;
import static health.haven.telehealth.RoomBrowsers.remoteVideosDecoding;
import static health.haven.telehealth.RoomBrowsers.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import health.haven.identity.Actor;
import health.haven.shared.ClientId;
import health.haven.support.TestServer;
import health.haven.telehealth.internal.JanusGroupMedia;
import health.haven.telehealth.internal.Presence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Without a media server a group falls back to a peer-to-peer mesh: the facilitator and two clients decode each
 * other, every frame end-to-end encrypted; with four people in, admitting a fifth is refused by the server with a
 * clear reason (more than four needs the media server).
 */
class GroupSessionMeshBrowserIT {

	static final TestServer server = TestServer.get();

	static final RoomBrowsers browsers = new RoomBrowsers(server);

	@AfterAll
	static void closeBrowsers() {
		browsers.close();
		server.bean(JanusGroupMedia.class).holdBackForTest(false);
	}

	@Test
	void withoutTheMediaServerAGroupOfUpToFourMeetsPeerToPeer() {
		server.bean(JanusGroupMedia.class).holdBackForTest(true);
		TelehealthClinic clinic = new TelehealthClinic(server);
		List<Actor> clients = List.of(clinic.client("Ana Alvarez", "TX"), clinic.client("Ben Birchwood", "TX"),
				clinic.client("Cat Castellanos", "TX"), clinic.client("Dee Dunmore", "TX"));
		UUID session = clinic.groupNow(clients.stream().map(clinic::clientOf).toArray(ClientId[]::new));
		clients.forEach(client -> clinic.ready(client, session));

		ChromeDriver host = browsers.signedIn(clinic, clinic.facilitator);
		host.get(server.uri("/telehealth/sessions/" + session).toString());
		waitFor(host).until(driver -> driver.getCurrentUrl().contains("/telehealth/rooms/"));
		String room = host.getCurrentUrl().replaceAll(".*/telehealth/rooms/([0-9a-f-]{36}).*", "$1");
		host.findElement(By.id("join")).click();
		awaitState(host, "hosting");
		assertThat(host.executeScript("return havenMedia.transport")).isEqualTo("mesh");

		List<ChromeDriver> guests = new ArrayList<>();
		for (Actor client : clients.subList(0, 2)) {
			ChromeDriver guest = browsers.signedIn(clinic, client);
			guest.get(server.uri("/telehealth/sessions/" + session).toString());
			waitFor(guest).until(ExpectedConditions.elementToBeClickable(By.id("join"))).click();
			awaitState(guest, "waiting");
			guests.add(guest);
		}
		waitFor(host).until(driver -> driver.findElements(By.cssSelector("#waiting-list button.admit")).size() == 2);
		host.findElement(By.id("admit-all")).click();
		List<ChromeDriver> everyone = new ArrayList<>(List.of(host));
		everyone.addAll(guests);
		for (ChromeDriver side : everyone) {
			new WebDriverWait(side, Duration.ofSeconds(60)).withMessage(() -> dump(everyone))
				.until(driver -> remoteVideosDecoding((ChromeDriver) driver) >= 2
						&& number(driver, "havenMedia.decrypted") > 0);
			assertThat(number(side, "havenMedia.encrypted")).isPositive();
		}
		for (ChromeDriver guest : guests) {
			waitFor(guest).until(driver -> lastKey(guest).equals(lastKey(host)));
		}
		assertThat(server.bean(Presence.class).mediaRoom(UUID.fromString(room))).as("no media server room").isEmpty();

		// A fourth person joins the mesh; a fifth would be one too many for it: the server refuses, saying why.
		SignalClient dee = SignalClient.connect(clinic.signIn(clients.get(2)), room);
		dee.send("{\"type\":\"join\"}");
		dee.next("waiting");
		waitFor(host).until(driver -> driver.findElements(By.cssSelector("#waiting-list button.admit")).size() == 1);
		host.findElement(By.cssSelector("#waiting-list button.admit")).click();
		dee.next("admitted");
		SignalClient fifth = SignalClient.connect(clinic.signIn(clients.get(3)), room);
		fifth.send("{\"type\":\"join\"}");
		fifth.next("waiting");
		waitFor(host).until(driver -> driver.findElements(By.cssSelector("#waiting-list button.admit")).size() == 1);
		host.findElement(By.cssSelector("#waiting-list button.admit")).click();
		waitFor(host).until(driver -> "group-too-large".equals(((ChromeDriver) driver).executeScript("return havenMedia.refused")));
		assertThat(host.findElement(By.id("status")).getText()).contains("more than four people needs the media server");
		assertThat(fifth.all().toString()).doesNotContain("\"admitted\"");

		host.findElement(By.id("end")).click();
		awaitState(host, "ended");
		dee.next("ended");
	}

}
