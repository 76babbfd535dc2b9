package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import health.haven.support.Browser;
import health.haven.support.DemoAccounts;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The measures page in a real browser under Haven's CSP: the care team's safety alert, the server-drawn trend chart
 * as an accessible image, a questionnaire entered with the keyboard-friendly form, no serious accessibility faults.
 */
class MeasuresBrowserIT {

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
	void theDayTeamsClinicianSeesTheAlertTheChartAndEntersAGad7() {
		String client = server.superuserDb().sql("""
				SELECT c.client_id::text FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
				JOIN records.safety_task s ON s.client_id = c.client_id AND s.status = 'open'
				WHERE t.name = 'Day mental-health team' ORDER BY s.opened_at LIMIT 1""").query(String.class).single();
		DemoAccounts.Account clinician = DemoAccounts.read(server.dataDir())
			.stream()
			.filter(account -> account.username().equals("clinician2@demo.haven.test"))
			.findFirst()
			.orElseThrow();
		signIn(clinician);

		browser.get(server.uri("/clients/" + client + "/measures").toString());
		WebElement alert = browser.findElement(By.cssSelector("section[aria-label='Safety alert']"));
		assertThat(alert.isDisplayed()).isTrue();
		assertThat(alert.getText()).contains("Urgent safety follow-up");
		WebElement chart = browser.findElement(By.cssSelector("figure.trend svg[role='img']"));
		assertThat(chart.isDisplayed()).isTrue();
		assertThat(chart.getSize().getHeight()).isGreaterThan(100);
		assertThat(chart.getAttribute("aria-label")).contains("PHQ-9 totals:", "GAD-7 totals:");
		assertThat(browser.findElements(By.cssSelector("figure.trend svg polyline"))).isNotEmpty();

		Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
			.analyze(browser);
		assertThat(results.getViolations()
			.stream()
			.filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.map(rule -> rule.getId() + ": " + rule.getHelp())
			.toList()).isEmpty();

		WebElement gad7 = browser.findElement(By.xpath("//section[h2[normalize-space()='Enter a GAD-7']]//form"));
		for (int item = 1; item <= 7; item++) {
			gad7.findElement(By.cssSelector("input[name='item" + item + "'][value='" + (item % 3) + "']")).click();
		}
		gad7.findElement(By.cssSelector("button[type=submit]")).click();
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(
				ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main"), "Questionnaire saved and scored."));
		assertThat(browser.findElement(By.cssSelector("main table")).getText()).contains("GAD-7", "7 / 21", "mild");
	}

	private static void signIn(DemoAccounts.Account account) {
		browser.manage().deleteAllCookies();
		browser.get(server.uri("/login").toString());
		browser.findElement(By.id("username")).sendKeys(account.username());
		browser.findElement(By.id("password")).sendKeys(account.password());
		browser.findElement(By.cssSelector("main button[type=submit]")).click();
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
		browser.findElement(By.id("code")).sendKeys(TotpCodes.next(account.totpSecret()));
		browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("header"), "Sign out"));
	}

}
