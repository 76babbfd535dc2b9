package health.haven.telehealth;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.support.AuditLog;
import health.haven.support.Browser;
import health.haven.support.DemoAccounts;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import health.haven.telehealth.internal.RelayedMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A clinician opens a 1:1 room for a client of their care team; the client waits and is admitted; both decode each
 * other's video with every frame end-to-end encrypted in the browsers; the server relayed no media key; a client who
 * was not invited, and anyone joining a locked room, is refused by the server and the refusal audited.
 */
class OneToOneSessionBrowserIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final List<ChromeDriver> browsers = new ArrayList<>();

	static ChromeDriver clinician;

	static ChromeDriver client;

	@BeforeAll
	static void openBrowsers() {
		clinician = start();
		client = start();
	}

	@AfterAll
	static void closeBrowsers() {
		browsers.forEach(ChromeDriver::quit);
	}

	@Test
	void theClinicianAdmitsTheClientAndBothSeeEachOtherThroughEndToEndEncryption() {
		String clientId = db.sql("SELECT client_id::text FROM identity.client_account WHERE user_id = ?")
			.param(TestServer.accountIdOf("client@demo.haven.test"))
			.query(String.class)
			.single();
		signIn(clinician, account("clinician@demo.haven.test"));
		signIn(client, account("client@demo.haven.test"));
		signConsent(client, "telehealth");

		// The clinician opens a room from the client's chart and joins it.
		clinician.get(server.uri("/clients/" + clientId).toString());
		clinician.findElement(By.id("open-room")).click();
		wait(clinician).until(driver -> driver.getCurrentUrl().contains("/telehealth/rooms/"));
		String room = clinician.getCurrentUrl().replaceAll(".*/telehealth/rooms/([0-9a-f-]{36}).*", "$1");
		clinician.findElement(By.id("join")).click();
		awaitState(clinician, "hosting");

		// The client sees that their clinician is ready, goes to the room, joins and waits.
		client.get(server.uri("/sessions").toString());
		assertThat(client.findElement(By.cssSelector(".room-ready")).getText()).isEqualTo("Your clinician is ready.");
		client.findElement(By.cssSelector("[data-room='" + room + "'] a.button")).click();

		// The join gates are the server's: without a confirmed location the join is refused (and audited), whatever
		// the page shows. The client then says where they are (Texas, where the clinician is licensed) and joins.
		wait(client).until(ExpectedConditions.presenceOfElementLocated(By.id("location-form")));
		assertThat(client.findElement(By.id("join")).isEnabled()).as("join waits for the location").isFalse();
		assertThat(String.valueOf(rawJoin(client, room))).contains("\"reason\":\"gates\"")
			.contains("LOCATION_NOT_CONFIRMED");
		assertThat(AuditLog.awaitCount(db, 1, "resource_type = 'join_gate' AND outcome = 'DENIED' AND details LIKE "
				+ "'%LOCATION_NOT_CONFIRMED%' AND actor_user = ?::uuid", TestServer.accountIdOf("client@demo.haven.test")
					.toString())).isPositive();
		confirmLocation(client, "TX");
		wait(client).until(ExpectedConditions.presenceOfElementLocated(By.id("location-confirmed")));
		wait(client).until(ExpectedConditions.elementToBeClickable(By.id("join")));
		client.findElement(By.id("join")).click();
		awaitState(client, "waiting");
		assertThat(client.findElements(By.cssSelector("#host-controls"))).as("no controls for the client").isEmpty();

		// The clinician admits; both sides decode remote video through the frame cipher.
		wait(clinician).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#waiting-list button.admit")))
			.click();
		for (ChromeDriver side : List.of(clinician, client)) {
			new WebDriverWait(side, Duration.ofSeconds(45)).withMessage(() -> "clinician " + dump(clinician) + " client "
					+ dump(client)).until(driver -> framesDecoded((ChromeDriver) driver) > 0
					&& number(driver, "havenMedia.decrypted") > 0 && number(driver, "havenMedia.firstRemoteFrameAt") > 0);
		}
		for (ChromeDriver side : List.of(clinician, client)) {
			assertThat(framesDecoded(side)).isPositive();
			assertThat(number(side, "havenMedia.encrypted")).as("frames encrypted by the transform").isPositive();
			assertThat(number(side, "havenMedia.decrypted")).as("frames decrypted by the transform").isPositive();
			assertThat(side.executeScript("return window.havenMedia.mode")).isIn("script-transform", "encoded-streams");
		}
		long clientMs = Math.round(number(client, "havenMedia.firstRemoteFrameAt - havenMedia.joinClickedAt"));
		long clinicianMs = Math.round(number(clinician, "havenMedia.firstRemoteFrameAt - havenMedia.joinClickedAt"));
		long admittedToFrame = Math.round(number(client, "havenMedia.firstRemoteFrameAt - havenMedia.admittedAt"));
		System.out.println("telehealth: join_to_first_remote_frame_ms client=" + clientMs + " (of which admitted_to_frame="
				+ admittedToFrame + ") clinician=" + clinicianMs + " mode=" + client.executeScript("return havenMedia.mode"));
		assertThat(client.findElement(By.id("safety-code")).getText()).matches("\\d{3} \\d{3}")
			.isEqualTo(clinician.findElement(By.id("safety-code")).getText());

		// The same media key on both sides, and not one relayed message carried it (hex or base64).
		List<String> clinicianKeys = keys(clinician);
		assertThat(clinicianKeys).isNotEmpty().isEqualTo(keys(client));
		List<String> relayed = server.bean(RelayedMessages.class).all();
		assertThat(relayed).anySatisfy(message -> assertThat(message).contains("\"type\":\"wrappedKey\""));
		assertThat(relayed).anySatisfy(message -> assertThat(message).contains("\"type\":\"publicKey\""));
		for (String key : clinicianKeys) {
			byte[] raw = HexFormat.of().parseHex(key);
			List<String> forms = List.of(key, key.toUpperCase(), Base64.getEncoder().encodeToString(raw),
					Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
					Base64.getEncoder().withoutPadding().encodeToString(raw));
			for (String message : relayed) {
				for (String form : forms) {
					assertThat(message).as("a relayed signaling message").doesNotContain(form);
				}
			}
		}

		// Recording is not offered: the server refuses the request and audits it.
		Object answer = client.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const ws = new WebSocket('wss://' + location.host + '/telehealth/signal?room=' + arguments[0]);
				ws.onopen = () => ws.send(JSON.stringify({type: 'startRecording'}));
				ws.onmessage = (e) => { done(e.data); ws.close(); };
				ws.onerror = () => done('error');""", room);
		assertThat(String.valueOf(answer)).contains("recording-not-offered");
		assertThat(AuditLog.awaitCount(db, 1, "action = 'ROOM_JOIN' AND outcome = 'DENIED' AND resource_id = ? "
				+ "AND details LIKE '%RECORDING_NOT_OFFERED%'", room)).isEqualTo(1);

		// A client of the same care team who was not invited: the page and the signaling refuse them, audited.
		ChromeDriver stranger = start();
		signIn(stranger, account("client2@demo.haven.test"));
		stranger.get(server.uri("/telehealth/rooms/" + room).toString());
		assertThat(stranger.findElements(By.id("join"))).isEmpty();
		Object refused = stranger.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const ws = new WebSocket('wss://' + location.host + '/telehealth/signal?room=' + arguments[0]);
				ws.onopen = () => { ws.send(JSON.stringify({type: 'join'})); };
				ws.onmessage = (e) => done('message ' + e.data);
				ws.onclose = (e) => done('closed ' + e.code);""", room);
		assertThat(String.valueOf(refused)).startsWith("closed").doesNotContain("joined");
		String strangerId = TestServer.accountIdOf("client2@demo.haven.test").toString();
		assertThat(AuditLog.awaitCount(db, 2, "action = 'ROOM_JOIN' AND outcome = 'DENIED' AND resource_id = ? "
				+ "AND actor_user = ?::uuid AND details LIKE '%NOT_INVITED%'", room, strangerId)).isGreaterThanOrEqualTo(2);
		stranger.quit();
		browsers.remove(stranger);

		// The clinician locks the room and removes the client: joining again is refused by the server, audited.
		clinician.findElement(By.id("lock")).click();
		wait(clinician).until(ExpectedConditions.textToBePresentInElementLocated(By.id("lock"), "Unlock the room"));
		clinician.findElement(By.id("remove")).click();
		awaitState(client, "removed");
		client.navigate().refresh();
		wait(client).until(ExpectedConditions.elementToBeClickable(By.id("join"))).click();
		awaitState(client, "refused");
		assertThat(client.executeScript("return havenMedia.refused")).isEqualTo("locked");
		assertThat(AuditLog.awaitCount(db, 1, "action = 'ROOM_JOIN' AND outcome = 'DENIED' AND resource_id = ? "
				+ "AND details LIKE '%LOCKED%'", room)).isEqualTo(1);
		assertThat(AuditLog.awaitCount(db, 1, "action = 'ROOM_ADMIT' AND resource_id = ?", room)).isEqualTo(1);
		assertThat(AuditLog.awaitCount(db, 1, "action = 'ROOM_REMOVE' AND resource_id = ?", room)).isEqualTo(1);

		// Ending the room closes it; presence kept the server's view of who was there when.
		clinician.findElement(By.id("end")).click();
		awaitState(clinician, "ended");
		assertThat(db.sql("SELECT status FROM telehealth.room WHERE id = ?::uuid").param(room).query(String.class)
			.single()).isEqualTo("CLOSED");
		List<Map<String, Object>> presence = db
			.sql("SELECT role, admitted_at, left_at, left_how FROM telehealth.room_presence WHERE room_id = ?::uuid"
					+ " ORDER BY joined_at")
			.param(room)
			.query()
			.listOfRows();
		assertThat(presence).anySatisfy(row -> assertThat(row).containsEntry("role", "GUEST")
			.containsEntry("left_how", "REMOVED"));
		assertThat(presence).allSatisfy(row -> assertThat(row.get("left_at")).isNotNull());
		assertThat(AuditLog.awaitCount(db, 1, "action = 'ROOM_END' AND resource_id = ?", room)).isEqualTo(1);
	}

	/** Signs the current version of a consent text as the signed-in client, through its page. */
	static void signConsent(ChromeDriver browser, String slug) {
		browser.get(server.uri("/consents/" + slug).toString());
		browser.findElement(By.id("typedName")).sendKeys("Riley Client");
		browser.findElement(By.cssSelector("input[name=agreed]")).click();
		browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		wait(browser).until(driver -> driver.getCurrentUrl().contains("signed=" + slug)
				|| driver.getPageSource().contains("already signed this version"));
	}

	/** Confirms, on the room page, where the client is right now and that the space is private. */
	static void confirmLocation(ChromeDriver browser, String state) {
		if (!browser.findElement(By.id("state")).isDisplayed()) {
			browser.findElement(By.cssSelector("#gates summary")).click();
		}
		new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("state"))).selectByValue(state);
		browser.findElement(By.id("emergencyAddress")).clear();
		browser.findElement(By.id("emergencyAddress")).sendKeys("100 Congress Ave, Austin");
		browser.findElement(By.id("privateSpace")).click();
		browser.findElement(By.cssSelector("#location-form button[type=submit]")).click();
	}

	/** Joins the room over a WebSocket of its own (not through the page) and answers the first reply or the close. */
	static Object rawJoin(ChromeDriver browser, String room) {
		return browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const ws = new WebSocket('wss://' + location.host + '/telehealth/signal?room=' + arguments[0]);
				ws.onopen = () => ws.send(JSON.stringify({type: 'join'}));
				ws.onmessage = (e) => { done('message ' + e.data); ws.close(); };
				ws.onclose = (e) => done('closed ' + e.code);""", room);
	}

	private static String dump(ChromeDriver driver) {
		return String.valueOf(driver.executeScript("""
				const pc = window.havenPeerConnection;
				return JSON.stringify(window.havenMedia) + ' pc=' + (pc ? pc.connectionState + '/' + pc.signalingState
				  + '/' + pc.iceConnectionState : 'none') + ' status=' + document.getElementById('status').textContent;"""));
	}

	private static ChromeDriver start() {
		ChromeDriver driver = Browser.start();
		browsers.add(driver);
		return driver;
	}

	private static DemoAccounts.Account account(String email) {
		return DemoAccounts.read(server.dataDir())
			.stream()
			.filter(account -> account.username().equals(email))
			.findFirst()
			.orElseThrow();
	}

	static WebDriverWait wait(ChromeDriver driver) {
		return new WebDriverWait(driver, Duration.ofSeconds(20));
	}

	private static void awaitState(ChromeDriver driver, String state) {
		wait(driver).until(d -> state.equals(((ChromeDriver) d).executeScript("return window.havenMedia.state")));
	}

	private static double number(org.openqa.selenium.WebDriver driver, String expression) {
		Object value = ((ChromeDriver) driver).executeScript("return Number(" + expression + ") || 0");
		return value instanceof Number n ? n.doubleValue() : 0;
	}

	@SuppressWarnings("unchecked")
	private static List<String> keys(ChromeDriver driver) {
		return (List<String>) driver.executeScript("return window.havenTest.rawKeysHex");
	}

	private static long framesDecoded(ChromeDriver driver) {
		Object frames = driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const pcs = window.havenPeerConnections ? window.havenPeerConnections() : [];
				Promise.all(pcs.map(pc => pc.getStats())).then(all => {
				  let frames = 0;
				  all.forEach(stats => stats.forEach(s => {
				    if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0; }));
				  done(frames);
				});""");
		return frames instanceof Number n ? n.longValue() : 0;
	}

	private static void signIn(ChromeDriver browser, DemoAccounts.Account account) {
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
