package health.haven.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.support.Browser;
import health.haven.support.DemoAccounts;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Signing in with password and authenticator code in a real browser, the idle sign-out, and what a client cannot reach. */
class SignInBrowserIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static ChromeDriver browser;

	@BeforeAll
	static void openBrowser() {
		browser = Browser.start();
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void staffSignInWithPasswordAndCodeReachTheirSessionsAndAreSignedOutWhenIdle() {
		DemoAccounts.Account clinician = DemoAccounts.withRole(server.dataDir(), "CLINICIAN");
		signIn(clinician);

		browser.get(server.uri("/account/sessions").toString());
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("My sessions and devices");
		assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("Chrome on Linux", "(this session)");
		assertThat(browser.findElement(By.id("idle-warning")).getAttribute("data-idle-seconds")).isEqualTo("900");

		// Three idle seconds instead of fifteen minutes; Spring Session reads both columns when it loads the session.
		db.sql("""
				UPDATE identity.spring_session SET max_inactive_interval = 3, expiry_time = last_access_time + 3000
				WHERE principal_name = ?""").param(accountId(clinician).toString()).update();
		sleep(Duration.ofSeconds(4));
		browser.navigate().refresh();
		new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
		assertThat(browser.findElements(By.id("password"))).hasSize(1);
	}

	@Test
	void twoMinutesBeforeIdleSignOutAWarningOffersToStaySignedInAndThenThePageSignsOutByItself() {
		DemoAccounts.Account facilitator = DemoAccounts.withRole(server.dataDir(), "FACILITATOR");
		signIn(facilitator);
		String account = accountId(facilitator).toString();
		// 123 idle seconds: the warning is due three seconds after the page loads.
		db.sql("""
				UPDATE identity.spring_session SET max_inactive_interval = 123, expiry_time = last_access_time + 123000
				WHERE principal_name = ?""").param(account).update();
		browser.get(server.uri("/account/sessions").toString());
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("idle-warning")));
		assertThat(browser.findElement(By.id("idle-warning")).getText()).contains("signed out in 2 minutes");
		assertThat(browser.findElement(By.id("idle-warning")).getAttribute("role")).isEqualTo("alertdialog");
		long before = lastAccess(account);
		browser.findElement(By.id("idle-stay")).click();
		wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("idle-warning")));
		wait.until(driver -> lastAccess(account) > before);

		// Three idle seconds: the page itself goes to the sign-in page when they are up, without a click.
		db.sql("""
				UPDATE identity.spring_session SET max_inactive_interval = 3, expiry_time = last_access_time + 3000
				WHERE principal_name = ?""").param(account).update();
		browser.get(server.uri("/account/sessions").toString());
		wait.until(ExpectedConditions.urlContains("/login?expired"));
		browser.get(server.uri("/account/sessions").toString());
		wait.until(ExpectedConditions.urlContains("/login"));
		assertThat(browser.findElements(By.id("password"))).hasSize(1);
	}

	@Test
	void aSignedInClientCannotReachStaffPagesNorOtherClientsData() {
		DemoAccounts.Account client = DemoAccounts.withRole(server.dataDir(), "CLIENT");
		signIn(client);
		browser.get(server.uri("/clients").toString());
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("You cannot open this page");
		assertThat(browser.findElement(By.cssSelector("main")).getText()).doesNotContain("Date of birth");

		Object status = browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('/api/v1/clients/00000000-0000-0000-0000-000000000000', {headers: {Accept: 'application/json'}})
				  .then(r => r.text().then(body => done(r.status + ' ' + body)));""");
		assertThat(String.valueOf(status)).doesNotStartWith("2").doesNotContain("\"clientId\"");
	}

	private static void signIn(DemoAccounts.Account account) {
		browser.manage().deleteAllCookies();
		browser.get(server.uri("/login").toString());
		browser.findElement(By.id("username")).sendKeys(account.username());
		browser.findElement(By.id("password")).sendKeys(account.password());
		browser.findElement(By.cssSelector("main button[type=submit]")).click();
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
		wait.until(driver -> !driver.getCurrentUrl().endsWith("/login"));
		if (browser.getCurrentUrl().contains("/login/totp")) {
			browser.findElement(By.id("code")).sendKeys(TotpCodes.next(account.totpSecret()));
			browser.findElement(By.cssSelector("main button.button[type=submit]")).click();
			wait.until(driver -> !driver.getCurrentUrl().contains("/login"));
		}
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("header"), "Sign out"));
	}

	private static long lastAccess(String account) {
		return db.sql("SELECT max(last_access_time) FROM identity.spring_session WHERE principal_name = ?")
			.param(account)
			.query(Long.class)
			.single();
	}

	private static UUID accountId(DemoAccounts.Account account) {
		return TestServer.accountIdOf(account.username());
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
