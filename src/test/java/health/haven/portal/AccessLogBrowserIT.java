package health.haven.portal;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.identity.Actor;
import health.haven.support.Browser;
import health.haven.support.DemoAccounts;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** In a real browser, a client watches "who viewed my record" grow after their clinician opens the chart. */
@Covers("SEC-AU-01")
class AccessLogBrowserIT {

	static final TestServer server = TestServer.get();

	static final RightsClinic clinic = new RightsClinic(server);

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
	void aClientSeesTheirAccessLogGrowAfterTheClinicianOpensTheChart() {
		Actor client = clinic.client("Quinn Watcher");
		signIn(clinic.account(client));
		browser.get(server.uri("/portal/access-log").toString());
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Who viewed my record");
		int before = browser.findElements(By.cssSelector("#access-log tbody tr")).size();
		assertThat(browser.findElement(By.tagName("main")).getText())
			.doesNotContain(clinic.displayName(clinic.clinician));

		assertThat(clinic.http(clinic.clinician).get("/clients/" + clinic.clientOf(client)).statusCode())
			.isEqualTo(200);

		browser.navigate().refresh();
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("access-log")));
		assertThat(browser.findElements(By.cssSelector("#access-log tbody tr")).size()).isGreaterThan(before);
		assertThat(browser.findElement(By.id("access-log")).getText())
			.contains(clinic.displayName(clinic.clinician) + " (Clinician)")
			.contains("Viewed");
		assertThat(seriousAccessibilityViolations()).as("the access log page").isEmpty();
		browser.get(server.uri("/portal/security").toString());
		assertThat(seriousAccessibilityViolations()).as("the security centre").isEmpty();
		browser.get(server.uri("/portal/my-record").toString());
		assertThat(seriousAccessibilityViolations()).as("my record").isEmpty();
		browser.get(server.uri("/portal/amendments").toString());
		assertThat(seriousAccessibilityViolations()).as("corrections").isEmpty();
	}

	private static java.util.List<String> seriousAccessibilityViolations() {
		com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder()
			.withTags(java.util.List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
			.analyze(browser);
		return results.getViolations()
			.stream()
			.filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.map(rule -> rule.getId() + " at " + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList())
			.toList();
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

}
