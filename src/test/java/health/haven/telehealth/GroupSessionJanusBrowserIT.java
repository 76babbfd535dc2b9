package health.haven.telehealth;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.support.AuditLog;
import health.haven.support.Browser;
import health.haven.support.DemoAccounts;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
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
 * and no signaling message the server relayed carried a media key any browser used.
 */
class GroupSessionJanusBrowserIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final List<ChromeDriver> browsers = new ArrayList<>();

	@AfterAll
	static void closeBrowsers() {
		browsers.forEach(ChromeDriver::quit);
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

		ChromeDriver host = start();
		signIn(host, clinic, clinic.facilitator);
		host.get(server.uri("/telehealth/sessions/" + session).toString());
		wait(host).until(driver -> driver.getCurrentUrl().contains("/telehealth/rooms/"));
		String room = host.getCurrentUrl().replaceAll(".*/telehealth/rooms/([0-9a-f-]{36}).*", "$1");
		host.findElement(By.id("join")).click();
		awaitState(host, "hosting", "connected");

		List<ChromeDriver> guests = new ArrayList<>();
		for (Actor client : clients) {
			ChromeDriver guest = start();
			signIn(guest, clinic, client);
			guest.get(server.uri("/telehealth/sessions/" + session).toString());
			wait(guest).until(ExpectedConditions.elementToBeClickable(By.id("join"))).click();
			awaitState(guest, "waiting");
			guests.add(guest);
		}
		wait(host).until(driver -> driver.findElements(By.cssSelector("#waiting-list button.admit")).size() == 3);
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
		String code = (String) host.executeScript("return havenMedia.safetyCode");
		assertThat(code).matches("\\d{3} \\d{3}");
		for (ChromeDriver guest : guests) {
			assertThat(guest.executeScript("return havenMedia.safetyCode")).isEqualTo(code);
			assertThat(lastKey(guest)).isEqualTo(lastKey(host));
		}
		assertThat(guests.get(0).findElement(By.id("people-list")).getText()).contains("Frances F.", "Ben B.", "Cat C.")
			.doesNotContain("Birchwood", "Castellanos");
		long janusRoom = (Long) server.bean(Presence.class).mediaRoom(UUID.fromString(room)).orElseThrow();
		assertThat(server.bean(JanusServer.class).rooms().participants(janusRoom)).hasSize(4);
		assertThat(server.bean(JanusServer.class).rooms().facts(janusRoom).orElseThrow().requireE2ee()).isTrue();

		// The facilitator removes Ana: the server ends her connection and her place in the media room.
		ChromeDriver removed = guests.get(0);
		String removedKey = lastKey(removed);
		String anaId = (String) removed.executeScript("return havenMedia.participant");
		host.findElement(By.cssSelector("#people-list li[data-participant='" + anaId + "'] button.remove")).click();
		awaitState(removed, "removed");
		wait(host).until(driver -> server.bean(JanusServer.class).rooms().participants(janusRoom).size() == 3);
		assertThat(AuditLog.awaitCount(db, 1, "action = 'ROOM_REMOVE' AND resource_id = ?", room)).isEqualTo(1);

		// The key rotated; the others hold the new key (not the one Ana held) and keep decoding each other.
		List<ChromeDriver> remaining = List.of(host, guests.get(1), guests.get(2));
		wait(host).until(driver -> !lastKey(host).equals(removedKey));
		for (ChromeDriver side : remaining) {
			wait(side).until(driver -> lastKey(side).equals(lastKey(host)));
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
		wait(host).until(driver -> server.bean(Presence.class).mediaRoom(UUID.fromString(room)).isEmpty());
		assertThat(server.bean(JanusServer.class).rooms().facts(janusRoom)).as("the Janus room destroyed").isEmpty();
	}

	/** How many remote video streams this page is decoding (framesDecoded > 0), over all its connections. */
	private static long remoteVideosDecoding(ChromeDriver driver) {
		Object count = driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const pcs = window.havenPeerConnections ? window.havenPeerConnections() : [];
				Promise.all(pcs.map(pc => pc.getStats())).then(all => {
				  let decoding = 0;
				  all.forEach(stats => stats.forEach(s => {
				    if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded || 0) > 0) decoding++; }));
				  done(decoding);
				});""");
		return count instanceof Number n ? n.longValue() : 0;
	}

	private static String dump(List<ChromeDriver> drivers) {
		StringBuilder out = new StringBuilder();
		for (ChromeDriver driver : drivers) {
			out.append(driver.executeScript("return JSON.stringify(window.havenMedia) + ' status='"
					+ " + document.getElementById('status').textContent")).append('\n');
		}
		return out.toString();
	}

	private static String lastKey(ChromeDriver driver) {
		List<String> keys = keys(driver);
		return keys.isEmpty() ? "" : keys.get(keys.size() - 1);
	}

	@SuppressWarnings("unchecked")
	private static List<String> keys(ChromeDriver driver) {
		Object keys = driver.executeScript("return window.havenTest ? window.havenTest.rawKeysHex : []");
		return keys == null ? List.of() : new ArrayList<>((List<String>) keys);
	}

	private static ChromeDriver start() {
		ChromeDriver driver = Browser.start();
		browsers.add(driver);
		return driver;
	}

	private static WebDriverWait wait(ChromeDriver driver) {
		return new WebDriverWait(driver, Duration.ofSeconds(30));
	}

	private static void awaitState(ChromeDriver driver, String... states) {
		wait(driver).withMessage(() -> dump(List.of(driver)))
			.until(d -> List.of(states).contains(((ChromeDriver) d).executeScript("return window.havenMedia.state")));
	}

	private static double number(org.openqa.selenium.WebDriver driver, String expression) {
		Object value = ((ChromeDriver) driver).executeScript("return Number(" + expression + ") || 0");
		return value instanceof Number n ? n.doubleValue() : 0;
	}

	private static void signIn(ChromeDriver browser, TelehealthClinic clinic, Actor actor) {
		DemoAccounts.Account account = new DemoAccounts.Account(clinic.email(actor.user()), clinic.password(),
				actor.roles().stream().map(Role::name).toList(), "", clinic.totpSecret(actor.user()));
		browser.manage().deleteAllCookies();
		browser.get(server.uri("/login").toString());
		browser.findElement(By.id("username")).sendKeys(account.username());
		browser.findElement(By.id("password")).sendKeys(account.password());
		browser.findElement(By.cssSelector("main button[type=submit]")).click();
		WebDriverWait wait = wait(browser);
		wait.until(driver -> !driver.getCurrentUrl().endsWith("/login"));
		if (browser.getCurrentUrl().contains("/login/totp")) {
			browser.findElement(By.id("code")).sendKeys(TotpCodes.next(account.totpSecret()));
			browser.findElement(By.cssSelector("main button.button[type=submit]")).click();
			wait.until(driver -> !driver.getCurrentUrl().contains("/login"));
		}
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("header"), "Sign out"));
	}

}
