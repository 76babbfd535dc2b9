package health.haven.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.identity.Accounts;
import health.haven.identity.NewAccount;
import health.haven.identity.Role;
import health.haven.identity.SecondFactors;
import health.haven.shared.ActorRef;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.AuditLog;
import health.haven.support.Browser;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/** A member of staff registers a passkey in a real browser (Chromium's virtual authenticator) and signs in with it. */
@Covers("SEC-PA-01")
class PasskeyBrowserIT {

	static final TestServer server = TestServer.get();

	static ChromeDriver browser;

	final WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

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
	void staffRegisterAPasskeyAfterPasswordAndCodeThenSignInWithThePasskeyAloneAndReachTheApi() {
		Person staff = newAccountWithTotp(Role.CLINICIAN);
		VirtualAuthenticator authenticator = browser.addVirtualAuthenticator(userVerifyingPlatformAuthenticator());
		try {
			registerPasskey(staff, authenticator);

			signInWithThePasskeyAlone();
			assertThat(apiStatus()).as("a passkey with user verification is both factors").isEqualTo(200);
			assertThat(AuditLog.awaitDetails(server.superuserDb(), "action = 'SIGN_IN' AND resource_id = ?",
					staff.user().toString())).contains("passkey");
		}
		finally {
			browser.removeVirtualAuthenticator(authenticator);
		}
	}

	@Test
	void thePasskeyAlsoServesAsTheSecondStepAfterThePassword() {
		Person staff = newAccountWithTotp(Role.CLINICIAN);
		VirtualAuthenticator authenticator = browser.addVirtualAuthenticator(userVerifyingPlatformAuthenticator());
		try {
			registerPasskey(staff, authenticator);

			passwordStep(staff);
			assertThat(apiStatus()).as("the password alone reaches nothing").isEqualTo(401);
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-passkey=sign-in] button")))
				.click();
			wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
			assertThat(apiStatus()).isEqualTo(200);
			assertThat(AuditLog.awaitDetails(server.superuserDb(),
					"action = 'MFA_CHALLENGE_PASSED' AND resource_id = ? AND details LIKE '%passkey%'",
					staff.user().toString())).contains("passkey");
		}
		finally {
			browser.removeVirtualAuthenticator(authenticator);
		}
	}

	@Test
	void aClientSigningInWithAPasskeyLandsOnTheirPortal() {
		Person client = newAccountWithTotp(Role.CLIENT);
		VirtualAuthenticator authenticator = browser.addVirtualAuthenticator(userVerifyingPlatformAuthenticator());
		try {
			registerPasskey(client, authenticator);

			signInWithThePasskeyAlone();
			assertThat(browser.getCurrentUrl()).as("as after the password and code: the portal, not the home page")
				.endsWith("/portal");
		}
		finally {
			browser.removeVirtualAuthenticator(authenticator);
		}
	}

	record Person(String email, String password, UserId user, String totpSecret) {
	}

	private static Person newAccountWithTotp(Role role) {
		OrgId org = server.bean(Accounts.class).createOrganization(ActorRef.system("test"), "Passkey Browser Org",
				"pk-browser-" + UUID.randomUUID().toString().substring(0, 8));
		String email = "pk-browser-" + UUID.randomUUID() + "@example.test";
		String password = "a long enough passphrase " + UUID.randomUUID();
		UserId user = server.bean(Accounts.class).open(ActorRef.system("test"),
				new NewAccount(org, email, "Passkey Person", password, Set.of(role)));
		String secret = server.bean(SecondFactors.class).provisionTotp(ActorRef.system("test"), org, user).secret();
		return new Person(email, password, user, secret);
	}

	private static VirtualAuthenticatorOptions userVerifyingPlatformAuthenticator() {
		return new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
			.setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
			.setHasResidentKey(true)
			.setHasUserVerification(true)
			.setIsUserVerified(true);
	}

	/** Password and TOTP code, a passkey added on the sign-in protection page, then signed out. */
	private void registerPasskey(Person staff, VirtualAuthenticator authenticator) {
		passwordStep(staff);
		browser.findElement(By.id("code")).sendKeys(TotpCodes.next(staff.totpSecret()));
		browser.findElement(By.cssSelector("form.stacked-form button[type=submit]")).click();
		wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

		browser.get(server.uri("/account/mfa").toString());
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-passkey=register] button")))
			.click();
		wait.until(ExpectedConditions.urlContains("passkey=added"));
		assertThat(authenticator.getCredentials()).hasSize(1);
		assertThat(authenticator.getCredentials().get(0).isResidentCredential()).isTrue();
		assertThat(AuditLog.awaitDetails(server.superuserDb(), "action = 'MFA_ENROLLED' AND resource_id = ?",
				staff.user().toString())).contains("passkey");

		browser.findElement(By.cssSelector("header form button")).click();
		wait.until(ExpectedConditions.urlContains("signedOut"));
		assertThat(apiStatus()).isEqualTo(401);
	}

	/** From the sign-in page, the passkey button alone (no password first). */
	private void signInWithThePasskeyAlone() {
		browser.get(server.uri("/login").toString());
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-passkey=sign-in] button")))
			.click();
		wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
	}

	private void passwordStep(Person staff) {
		browser.manage().deleteAllCookies();
		browser.get(server.uri("/login").toString());
		browser.findElement(By.id("username")).sendKeys(staff.email());
		browser.findElement(By.id("password")).sendKeys(staff.password());
		browser.findElement(By.cssSelector("form.stacked-form button[type=submit]")).click();
		wait.until(ExpectedConditions.urlContains("/login/totp"));
	}

	private static long apiStatus() {
		return (Long) browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('/api/v1/clients', {headers: {Accept: 'application/json'}, cache: 'no-store'})
				  .then(r => done(r.status));""");
	}

}
