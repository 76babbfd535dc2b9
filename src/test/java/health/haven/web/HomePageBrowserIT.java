package health.haven.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import health.haven.support.Browser;
import health.haven.support.DemoAccounts;
import health.haven.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

class HomePageBrowserIT {

	static final TestServer server = TestServer.get();

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
	void homePageSaysWhatHavenIsOverHttpsWithTheSecurityHeaders() {
		browser.manage().deleteAllCookies();
		browser.get(server.uri("/").toString());
		assertThat(browser.getCurrentUrl()).startsWith("https://");
		assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Intensive outpatient care");
		assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("Intensive Outpatient Programs");
		@SuppressWarnings("unchecked")
		Map<String, String> headers = (Map<String, String>) browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('/', {cache: 'no-store'}).then(r => {
				  const h = {};
				  r.headers.forEach((v, k) => h[k] = v);
				  done(h);
				});""");
		assertThat(headers.get("content-security-policy")).contains("default-src 'self'").doesNotContain("unsafe-inline");
		assertThat(headers.get("x-content-type-options")).isEqualTo("nosniff");
		assertThat(headers.get("referrer-policy")).isEqualTo("no-referrer");
		assertThat(headers.get("permissions-policy")).contains("geolocation=()");
		assertThat(headers.get("strict-transport-security")).contains("max-age=");
		assertThat(headers.get("cache-control")).contains("no-store");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/login", "/no-such-page" })
	void pagesHaveNoSeriousOrCriticalAccessibilityViolations(String path) {
		browser.manage().deleteAllCookies();
		browser.get(server.uri(path).toString());
		Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
			.analyze(browser);
		List<String> serious = results.getViolations()
			.stream()
			.filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.map(HomePageBrowserIT::describe)
			.toList();
		assertThat(serious).isEmpty();
		assertThat(results.getPasses()).isNotEmpty();
	}

	@Test
	void aPersonSignsInWithTheLoginFormAndSeesTheSignOutButton() {
		DemoAccounts.Account clinician = DemoAccounts.withRole(server.dataDir(), "CLINICIAN");
		browser.manage().deleteAllCookies();
		browser.get(server.uri("/login").toString());
		browser.findElement(By.id("username")).sendKeys(clinician.username());
		browser.findElement(By.id("password")).sendKeys(clinician.password());
		browser.findElement(By.cssSelector("main button[type=submit]")).click();
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
		browser.findElement(By.id("code")).sendKeys(health.haven.support.TotpCodes.next(clinician.totpSecret()));
		browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("header"), "Sign out"));
		assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("You are signed in");
	}

	@Test
	void theSkipLinkTakesKeyboardUsersToTheMainContent() {
		browser.manage().deleteAllCookies();
		browser.get(server.uri("/").toString());
		var skip = browser.findElement(By.cssSelector("a.skip-link"));
		assertThat(skip.getAttribute("href")).endsWith("#main");
		assertThat(browser.findElements(By.cssSelector("header, nav, main, footer"))).hasSize(4);
	}

	private static String describe(Rule rule) {
		return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
				+ rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList();
	}

}
