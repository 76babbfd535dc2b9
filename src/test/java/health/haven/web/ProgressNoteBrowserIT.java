package health.haven.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
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

/** A clinician writes and signs a progress note in a real browser, cannot edit it afterwards, and adds an addendum. */
@Covers("SEC-IN-01")
class ProgressNoteBrowserIT {

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
	void aClinicianWritesAndSignsANoteCannotEditItAndAddsAnAddendum() {
		String client = db.sql("""
				SELECT c.client_id::text FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
				WHERE t.name = 'Evening SUD team' AND t.org_id = (SELECT org_id FROM operations.demo_seed)
				ORDER BY c.client_id LIMIT 1""").query(String.class).single();
		signIn(DemoAccounts.withRole(server.dataDir(), "CLINICIAN"));
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

		browser.get(server.uri("/clients/" + client + "/notes").toString());
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Progress notes");
		browser.findElement(By.id("new-note")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("note-form")));
		String marker = "Attended all three sessions " + UUID.randomUUID();
		browser.findElement(By.id("section-data")).sendKeys(marker);
		browser.findElement(By.id("section-assessment")).sendKeys("Engaged, motivated to stay in the program.");
		browser.findElement(By.id("section-plan")).sendKeys("Continue the evening track; review the plan Thursday.");
		browser.findElement(By.cssSelector("#note-form button[type=submit]")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-form")));
		String noteUrl = browser.getCurrentUrl();
		assertThat(browser.findElement(By.id("note-status")).getText()).startsWith("Draft");

		browser.findElement(By.id("sign")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("note-status"), "Signed and locked"));
		assertThat(browser.findElements(By.id("edit-form"))).as("a signed note offers no editing").isEmpty();
		assertThat(browser.findElement(By.id("content-hash")).getText()).hasSize(64);
		assertThat(browser.findElement(By.cssSelector("main")).getText()).contains(marker);
		String note = noteUrl.replaceAll(".*/notes/([0-9a-f-]{36}).*", "$1");
		String stored = row(note);

		// Editing anyway, as a stale tab would: the form post is refused on the note's page and nothing changes.
		Object answer = browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const csrf = document.querySelector('#addendum-form input[name=_csrf]').value;
				const body = new URLSearchParams({_csrf: csrf, version: '1', serviceDate: arguments[1],
				  'section.data': 'rewritten', 'section.assessment': 'rewritten', 'section.plan': 'rewritten'});
				fetch(arguments[0], {method: 'POST', body, redirect: 'manual'})
				  .then(r => r.text().then(text => done(r.status + ' ' + text)));""",
				"/clients/" + client + "/notes/" + note, java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
		assertThat(String.valueOf(answer)).startsWith("409").contains("signed and locked");
		assertThat(row(note)).isEqualTo(stored);

		browser.get(noteUrl);
		browser.findElement(By.id("addendum")).sendKeys("Late call from the client: doing well.");
		browser.findElement(By.id("add-addendum")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("addenda")));
		assertThat(browser.findElement(By.id("addenda")).getText()).contains("Late call from the client: doing well.");
		assertThat(row(note)).as("the addendum leaves the signed note as it was").isEqualTo(stored);

		assertThat(seriousAccessibilityViolations()).as("the signed note's page").isEmpty();
		browser.get(server.uri("/clients/" + client + "/notes").toString());
		assertThat(seriousAccessibilityViolations()).as("the list of notes").isEmpty();
		browser.get(server.uri("/clients/" + client + "/notes/new?template=SOAP").toString());
		assertThat(browser.findElements(By.cssSelector("#note-form textarea"))).hasSize(4);
		assertThat(seriousAccessibilityViolations()).as("the new note form").isEmpty();
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

	private static String row(String note) {
		return db.sql("SELECT to_jsonb(n)::text FROM records.progress_note n WHERE id = ?::uuid").param(note)
			.query(String.class).single()
				+ db.sql("SELECT string_agg(encode(body, 'hex'), ',' ORDER BY position) FROM records.progress_note_section"
						+ " WHERE note_id = ?::uuid").param(note).query(String.class).single();
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
