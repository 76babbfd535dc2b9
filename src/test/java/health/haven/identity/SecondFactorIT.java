package health.haven.identity;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.crypto.OneTimeCodes;
import health.haven.shared.ActorRef;
import health.haven.shared.OrgId;
import health.haven.support.AuditLog;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

@Covers("SEC-PA-01")
class SecondFactorIT {

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	@Nested
	class APasswordAloneReachesNothing {

		@Test
		void staffWithOnlyAPasswordAreSentToTheSecondStepAndTheApiAnswers401() {
			Http browser = new Http(server);
			HttpResponse<String> password = browser
				.signInWithPasswordOnly(DemoAccounts.withRole(server.dataDir(), "CLINICIAN"));
			assertThat(Http.location(password)).contains("/login/totp");
			HttpResponse<String> api = browser.get("/api/v1/clients", "application/json");
			assertThat(api.statusCode()).isEqualTo(401);
			assertThat(api.body()).contains("HAVEN_SECOND_FACTOR_REQUIRED").doesNotContain("dateOfBirth");
			HttpResponse<String> page = browser.get("/clients");
			assertThat(page.statusCode()).isEqualTo(302);
			assertThat(Http.location(page)).contains("/login/totp");
		}

		@Test
		void aClientWithTotpSetUpNeedsItToo() {
			Http browser = new Http(server);
			browser.signInWithPasswordOnly(DemoAccounts.withRole(server.dataDir(), "CLIENT"));
			assertThat(browser.get("/api/v1/clients", "application/json").statusCode()).isEqualTo(401);
		}

		@Test
		void withTheSecondFactorTheApiAnswers() {
			Http browser = new Http(server);
			HttpResponse<String> signedIn = browser.signIn(DemoAccounts.withRole(server.dataDir(), "CLINICIAN"));
			assertThat(Http.location(signedIn)).doesNotContain("error");
			assertThat(browser.get("/api/v1/clients", "application/json").statusCode()).isEqualTo(200);
		}

	}

	@Nested
	class Codes {

		@Test
		void aCodeIsAcceptedOnceAndRefusedTheSecondTime() {
			DemoAccounts.Account facilitator = DemoAccounts.withRole(server.dataDir(), "FACILITATOR");
			String code = TotpCodes.next(facilitator.totpSecret());
			Http first = new Http(server);
			first.signInWithPasswordOnly(facilitator);
			assertThat(Http.location(first.secondFactor(code))).doesNotContain("error");
			Http second = new Http(server);
			second.signInWithPasswordOnly(facilitator);
			assertThat(Http.location(second.secondFactor(code))).endsWith("/login/totp?error");
			assertThat(second.get("/api/v1/clients", "application/json").statusCode()).isEqualTo(401);
			assertThat(lastOutcome(facilitator, "MFA_CHALLENGE_FAILED")).contains("totp_replayed");
		}

		@Test
		void bothFactorsMustBelongToTheSameAccount() {
			DemoAccounts.Account billing = DemoAccounts.withRole(server.dataDir(), "BILLING");
			DemoAccounts.Account frontDesk = DemoAccounts.withRole(server.dataDir(), "FRONT_DESK");
			Http browser = new Http(server);
			browser.signInWithPasswordOnly(billing);
			// A valid, unused code, but from the other person's authenticator.
			HttpResponse<String> mixed = browser.secondFactor(TotpCodes.next(frontDesk.totpSecret()));
			assertThat(Http.location(mixed)).endsWith("/login/totp?error");
			assertThat(browser.get("/api/v1/clients", "application/json").statusCode()).isEqualTo(401);
		}

		@Test
		void aCodeOneStepOffIsAcceptedTwoStepsOffIsNot() {
			byte[] seed = new Base32().decode(DemoAccounts.withRole(server.dataDir(), "AUDITOR").totpSecret());
			long now = OneTimeCodes.step(Instant.now());
			assertThat(OneTimeCodes.verify(seed, OneTimeCodes.code(seed, now - 1), Instant.now())).isPresent();
			assertThat(OneTimeCodes.verify(seed, OneTimeCodes.code(seed, now - 3), Instant.now())).isEmpty();
		}

	}

	@Nested
	class Enrolment {

		@Test
		void newStaffMustSetUpAnAuthenticatorFirstAndGetTenSingleUseRecoveryCodes() {
			OrgId org = server.bean(Accounts.class).createOrganization(ActorRef.system("test"), "Enrol Org",
					"enrol-" + UUID.randomUUID().toString().substring(0, 8));
			String email = "new-" + UUID.randomUUID() + "@example.test";
			String password = "a long enough passphrase " + UUID.randomUUID();
			server.bean(Accounts.class).open(ActorRef.system("test"),
					new NewAccount(org, email, "New Clinician", password, Set.of(Role.CLINICIAN)));
			DemoAccounts.Account account = new DemoAccounts.Account(email, password, List.of("CLINICIAN"), "", null);

			Http browser = new Http(server);
			assertThat(Http.location(browser.signInWithPasswordOnly(account))).endsWith("/login/totp");
			HttpResponse<String> step = browser.get("/login/totp");
			assertThat(Http.location(step)).endsWith("/account/mfa");
			assertThat(browser.get("/api/v1/clients", "application/json").statusCode()).isEqualTo(401);

			HttpResponse<String> qr = browser.postForm("/account/mfa/totp/start", "/account/mfa", Map.of());
			assertThat(qr.statusCode()).isEqualTo(200);
			assertThat(qr.body()).contains("<svg", "class=\"qr\"");
			Matcher secret = Pattern.compile("id=\"totp-secret\">([A-Z2-7 ]+)<").matcher(qr.body());
			assertThat(secret.find()).isTrue();
			String base32 = secret.group(1).replace(" ", "");
			assertThat(storedSeed(email)).as("the seed is stored sealed, never as typed")
				.isNotEqualTo(new Base32().decode(base32));

			HttpResponse<String> wrong = browser.postForm("/account/mfa/totp/confirm", "/account/mfa",
					Map.of("code", "000000".equals(TotpCodes.current(base32)) ? "111111" : "000000"));
			assertThat(wrong.body()).contains("does not match");
			HttpResponse<String> done = browser.postForm("/account/mfa/totp/confirm", "/account/mfa",
					Map.of("code", TotpCodes.next(base32)));
			Matcher codes = Pattern.compile("<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>").matcher(done.body());
			List<String> recovery = codes.results().map(result -> result.group(1)).toList();
			assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
			assertThat(browser.get("/api/v1/clients", "application/json").statusCode())
				.as("setting up the factor proves it for this session").isEqualTo(200);
			assertThat(db.sql("""
					SELECT count(*) FROM identity.recovery_code r JOIN identity.user_account a ON a.id = r.user_id
					WHERE a.id = ? AND r.code_hash LIKE '$argon2id$%'""").param(TestServer.accountIdOf(email))
				.query(Long.class)
				.single())
				.isEqualTo(10);

			Http later = new Http(server);
			later.signInWithPasswordOnly(account);
			assertThat(Http.location(later.secondFactor(recovery.get(3).toUpperCase()))).doesNotContain("error");
			assertThat(later.get("/api/v1/clients", "application/json").statusCode()).isEqualTo(200);
			Http again = new Http(server);
			again.signInWithPasswordOnly(account);
			assertThat(Http.location(again.secondFactor(recovery.get(3)))).as("a recovery code works once")
				.endsWith("/login/totp?error");

			HttpResponse<String> renewed = later.postForm("/account/mfa/recovery-codes", "/account/mfa", Map.of());
			List<String> fresh = Pattern.compile("<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>")
				.matcher(renewed.body())
				.results()
				.map(result -> result.group(1))
				.toList();
			assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(recovery);
			Http withOld = new Http(server);
			withOld.signInWithPasswordOnly(account);
			assertThat(Http.location(withOld.secondFactor(recovery.get(5)))).as("the old codes stop working")
				.endsWith("/login/totp?error");
			assertThat(Http.location(withOld.secondFactor(fresh.get(0)))).doesNotContain("error");
		}

	}

	@Nested
	class Clients {

		@Test
		void aClientWithoutAFactorSignsInWithThePasswordUnlessTheOrganizationRequiresOne() {
			DemoAccounts.Account relaxed = newClient(false);
			Http first = new Http(server);
			assertThat(Http.location(first.signInWithPasswordOnly(relaxed))).doesNotContain("totp", "error");
			assertThat(first.get("/api/v1/clients", "application/json").statusCode()).isEqualTo(200);

			DemoAccounts.Account strict = newClient(true);
			Http second = new Http(server);
			assertThat(Http.location(second.signInWithPasswordOnly(strict))).endsWith("/login/totp");
			assertThat(Http.location(second.get("/login/totp"))).endsWith("/account/mfa");
			assertThat(second.get("/api/v1/clients", "application/json").statusCode()).isEqualTo(401);
		}

		private DemoAccounts.Account newClient(boolean organizationRequiresMfa) {
			OrgId org = server.bean(Accounts.class).createOrganization(ActorRef.system("test"), "Client Org",
					"clients-" + UUID.randomUUID().toString().substring(0, 8));
			db.sql("UPDATE identity.organization SET clients_require_mfa = ? WHERE id = ?")
				.params(organizationRequiresMfa, org.value())
				.update();
			String email = "client-" + UUID.randomUUID() + "@example.test";
			String password = "a long enough passphrase " + UUID.randomUUID();
			server.bean(Accounts.class).open(ActorRef.system("test"),
					new NewAccount(org, email, "A Client", password, Set.of(Role.CLIENT)));
			return new DemoAccounts.Account(email, password, List.of("CLIENT"), "", null);
		}

	}

	private byte[] storedSeed(String email) {
		return db.sql("SELECT t.seed FROM identity.totp_factor t JOIN identity.user_account a ON a.id = t.user_id "
				+ "WHERE a.id = ?").param(TestServer.accountIdOf(email)).query(byte[].class).single();
	}

	private String lastOutcome(DemoAccounts.Account account, String action) {
		return AuditLog.awaitDetails(db,
				"action = ? AND resource_id = ?", action, TestServer.accountIdOf(account.username()).toString());
	}

}
