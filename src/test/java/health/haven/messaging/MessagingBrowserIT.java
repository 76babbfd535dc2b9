package health.haven.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.identity.Actor;
import health.haven.support.Browser;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In a real browser: a client writes to their care team, a clinician of the team finds the conversation unread, reads
 * it and replies, and the client reads the reply; the 988 notice is on every messages page and the pages pass the
 * WCAG 2.1 AA rules axe can check.
 */
class MessagingBrowserIT {

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
	void aClientSendsAMessageAndAClinicianReadsAndReplies() {
		MessagingClinic clinic = new MessagingClinic(server);
		Actor client = clinic.client("Robin Browser", clinic.north);
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
		String question = "Can we move Friday's session? " + UUID.randomUUID();

		signIn(clinic, client);
		browser.get(server.uri("/messages").toString());
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Messages");
		assertThat(browser.findElement(By.cssSelector(".crisis-notice")).getText()).contains("988")
			.contains("not monitored around the clock");
		assertThat(seriousAccessibilityViolations()).as("the messages page").isEmpty();
		browser.findElement(By.id("subject")).sendKeys("Friday");
		browser.findElement(By.id("body")).sendKeys(question);
		browser.findElement(By.cssSelector("main form.stacked-form button[type=submit]")).click();
		wait.until(ExpectedConditions.urlContains("?sent"));
		assertThat(browser.findElement(By.cssSelector(".conversation")).getText()).contains(question);
		String thread = browser.getCurrentUrl().replaceAll(".*/messages/([0-9a-f-]{36}).*", "$1");

		signIn(clinic, clinic.northColleague);
		browser.get(server.uri("/messages").toString());
		assertThat(browser.findElement(By.id("unread-count")).getText()).startsWith("1 unread");
		browser.findElement(By.cssSelector(".unread-thread a")).click();
		wait.until(ExpectedConditions.urlContains(thread));
		assertThat(browser.findElement(By.cssSelector(".conversation")).getText()).contains(question);
		assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("With the client:")
			.contains("Robin Browser");
		assertThat(seriousAccessibilityViolations()).as("the conversation page").isEmpty();
		browser.findElement(By.id("body")).sendKeys("Yes: Friday at 3 pm works. See you then.");
		browser.findElement(By.cssSelector("main form.stacked-form button[type=submit]")).click();
		wait.until(ExpectedConditions.urlContains("?sent"));
		browser.get(server.uri("/messages").toString());
		assertThat(browser.findElement(By.id("unread-count")).getText()).as("read when shown").startsWith("0 unread");

		signIn(clinic, client);
		browser.get(server.uri("/messages").toString());
		assertThat(browser.findElement(By.id("unread-count")).getText()).startsWith("1 unread");
		browser.get(server.uri("/messages/" + thread).toString());
		assertThat(browser.findElement(By.cssSelector(".conversation")).getText())
			.contains("Yes: Friday at 3 pm works.").contains("Nico Northcolleague");
		assertThat(browser.findElement(By.cssSelector(".crisis-notice")).getText()).contains("988");
	}

	private static void signIn(MessagingClinic clinic, Actor actor) {
		browser.manage().deleteAllCookies();
		browser.get(server.uri("/login").toString());
		browser.findElement(By.id("username")).sendKeys(clinic.email(actor.user()));
		browser.findElement(By.id("password")).sendKeys(clinic.password());
		browser.findElement(By.cssSelector("main button[type=submit]")).click();
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
		wait.until(driver -> !driver.getCurrentUrl().endsWith("/login"));
		if (browser.getCurrentUrl().contains("/login/totp")) {
			browser.findElement(By.id("code")).sendKeys(TotpCodes.next(clinic.totpSecret(actor.user())));
			browser.findElement(By.cssSelector("main button.button[type=submit]")).click();
			wait.until(driver -> !driver.getCurrentUrl().contains("/login"));
		}
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("header"), "Sign out"));
	}

	private static List<String> seriousAccessibilityViolations() {
		com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder()
			.withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
			.analyze(browser);
		return results.getViolations()
			.stream()
			.filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.map(rule -> rule.getId() + " at " + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList())
			.toList();
	}

}
