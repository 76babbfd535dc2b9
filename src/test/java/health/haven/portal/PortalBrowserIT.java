package health.haven.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import health.haven.identity.Actor;
import health.haven.records.QuestionnaireSchedules;
import health.haven.support.Browser;
import health.haven.support.DemoAccounts;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal in a real browser under Haven's CSP, at a phone's width: a client signs in and lands on their home,
 * joins a session whose room is open, signs their plan, fills in a PHQ-9 and sees the result; every portal page has
 * no serious or critical WCAG 2.1 AA fault (axe-core).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalBrowserIT {

	final TestServer server = TestServer.get();

	ChromeDriver browser;

	PortalClinic clinic;

	@BeforeAll
	void openBrowser() {
		clinic = new PortalClinic(server);
		browser = Browser.start();
		browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
	}

	@AfterAll
	void closeBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void joinFromHomeLeadsToTheSessionRoom() {
		Actor client = clinic.client("Jordan Browser");
		UUID session = clinic.session(client, -5);
		signIn(clinic.account(client));
		assertThat(browser.getCurrentUrl()).endsWith("/portal");
		accessible();
		browser.findElement(By.cssSelector("#home-sessions a.join[href='/telehealth/sessions/" + session + "']"))
			.click();
		wait(15).until(ExpectedConditions.urlContains("/telehealth/rooms/"));
		assertThat(browser.findElement(By.tagName("h1")).isDisplayed()).isTrue();
	}

	@Test
	void theClientSignsTheirPlan() {
		Actor client = clinic.client("Avery Browser");
		clinic.plan(client, 0, "Panic attacks keep me at home");
		signIn(clinic.account(client));
		browser.findElement(By.linkText("Read your plan")).click();
		wait(15).until(ExpectedConditions.presenceOfElementLocated(By.id("plan-sign-form")));
		assertThat(browser.findElement(By.tagName("main")).getText())
			.contains("What we are working on: Panic attacks keep me at home");
		accessible();
		browser.findElement(By.id("typedName")).sendKeys("Avery Browser");
		browser.findElement(By.id("agreed")).click();
		browser.findElement(By.id("sign-plan")).click();
		wait(15).until(ExpectedConditions.presenceOfElementLocated(By.id("plan-signed")));
		assertThat(browser.findElement(By.id("plan-agreed")).getText()).contains("You agreed to this version");
	}

	@Test
	void theClientFillsInAPhq9AndSeesTheResult() {
		Actor client = clinic.client("Morgan Browser");
		server.bean(QuestionnaireSchedules.class).assign(clinic.clinician, clinic.clientOf(client), "PHQ-9", 7,
				LocalDate.now(), null);
		clinic.note(client, "PROGRESS", "GENERAL", true, "We practised a breathing exercise.");
		signIn(clinic.account(client));
		browser.findElement(By.linkText("Fill in the PHQ-9")).click();
		wait(15).until(ExpectedConditions.presenceOfElementLocated(By.id("questionnaire-form")));
		accessible();
		for (int item = 1; item <= 9; item++) {
			browser.findElement(By.cssSelector("input[name='item" + item + "'][value='" + (item == 9 ? 0 : 1) + "']"))
				.click();
		}
		browser.findElement(By.id("submit-questionnaire")).click();
		wait(15).until(ExpectedConditions.presenceOfElementLocated(By.id("result")));
		assertThat(browser.findElement(By.id("result")).getText()).contains("8 out of 27", "mild");
		assertThat(browser.findElements(By.id("safety-message"))).isEmpty();
		assertThat(browser.findElement(By.cssSelector("figure.trend svg[role='img']")).getAttribute("aria-label"))
			.contains("PHQ-9 totals:");
		accessible();

		for (String page : List.of("/portal/notes", "/portal/documents", "/portal/plan")) {
			browser.get(server.uri(page).toString());
			accessible();
		}
	}

	/** No serious or critical WCAG 2.1 A/AA violation on the page as it is now. */
	private void accessible() {
		Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
			.analyze(browser);
		assertThat(results.getViolations()
			.stream()
			.filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.map(rule -> browser.getCurrentUrl() + " " + rule.getId() + ": " + rule.getHelp())
			.toList()).isEmpty();
	}

	private void signIn(DemoAccounts.Account account) {
		browser.manage().deleteAllCookies();
		browser.get(server.uri("/login").toString());
		browser.findElement(By.id("username")).sendKeys(account.username());
		browser.findElement(By.id("password")).sendKeys(account.password());
		browser.findElement(By.cssSelector("main button[type=submit]")).click();
		wait(15).until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
		browser.findElement(By.id("code")).sendKeys(TotpCodes.next(account.totpSecret()));
		browser.findElement(By.cssSelector("main form button[type=submit]")).click();
		wait(15).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Your Haven"));
	}

	private WebDriverWait wait(int seconds) {
		return new WebDriverWait(browser, Duration.ofSeconds(seconds));
	}

}
