package health.haven.telehealth;

import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.support.Browser;
import health.haven.support.DemoAccounts;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browsers of a room test and what they are asked: signing in (password and TOTP), waiting for the page's state,
 * reading its counters ({@code window.havenMedia}), its keys (test hooks) and its connections' video statistics.
 * {@link #close} quits them all.
 */
final class RoomBrowsers implements AutoCloseable {

	private final TestServer server;

	private final List<ChromeDriver> started = new ArrayList<>();

	RoomBrowsers(TestServer server) {
		this.server = server;
	}

	ChromeDriver start() {
		ChromeDriver driver = Browser.start();
		started.add(driver);
		return driver;
	}

	/** A new browser signed in as one of a test clinic's people. */
	ChromeDriver signedIn(TelehealthClinic clinic, Actor actor) {
		ChromeDriver browser = start();
		signIn(browser, new DemoAccounts.Account(clinic.email(actor.user()), clinic.password(),
				actor.roles().stream().map(Role::name).toList(), "", clinic.totpSecret(actor.user())));
		return browser;
	}

	void signIn(ChromeDriver browser, DemoAccounts.Account account) {
		browser.manage().deleteAllCookies();
		browser.get(server.uri("/login").toString());
		browser.findElement(By.id("username")).sendKeys(account.username());
		browser.findElement(By.id("password")).sendKeys(account.password());
		browser.findElement(By.cssSelector("main button[type=submit]")).click();
		WebDriverWait wait = waitFor(browser);
		wait.until(driver -> !driver.getCurrentUrl().endsWith("/login"));
		if (browser.getCurrentUrl().contains("/login/totp")) {
			browser.findElement(By.id("code")).sendKeys(TotpCodes.next(account.totpSecret()));
			browser.findElement(By.cssSelector("main button.button[type=submit]")).click();
			wait.until(driver -> !driver.getCurrentUrl().contains("/login"));
		}
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("header"), "Sign out"));
	}

	static WebDriverWait waitFor(ChromeDriver driver) {
		return new WebDriverWait(driver, Duration.ofSeconds(30));
	}

	static void awaitState(ChromeDriver driver, String... states) {
		waitFor(driver).withMessage(() -> dump(List.of(driver)))
			.until(d -> List.of(states).contains(((ChromeDriver) d).executeScript("return window.havenMedia.state")));
	}

	/** How many remote video streams the page is decoding (framesDecoded > 0), over all its connections. */
	static long remoteVideosDecoding(ChromeDriver driver) {
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

	static String dump(List<ChromeDriver> drivers) {
		StringBuilder out = new StringBuilder();
		for (ChromeDriver driver : drivers) {
			out.append(driver.executeScript("return JSON.stringify(window.havenMedia) + ' status='"
					+ " + document.getElementById('status').textContent")).append('\n');
		}
		return out.toString();
	}

	static double number(WebDriver driver, String expression) {
		Object value = ((ChromeDriver) driver).executeScript("return Number(" + expression + ") || 0");
		return value instanceof Number n ? n.doubleValue() : 0;
	}

	static String lastKey(ChromeDriver driver) {
		List<String> keys = keys(driver);
		return keys.isEmpty() ? "" : keys.get(keys.size() - 1);
	}

	@SuppressWarnings("unchecked")
	static List<String> keys(ChromeDriver driver) {
		Object keys = driver.executeScript("return window.havenTest ? window.havenTest.rawKeysHex : []");
		return keys == null ? List.of() : new ArrayList<>((List<String>) keys);
	}

	@Override
	public void close() {
		started.forEach(ChromeDriver::quit);
		started.clear();
	}

}
