package health.haven.identity;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.shared.ActorRef;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.AuditLog;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Passkeys over HTTP: what Spring's WebAuthn endpoints hand out, to whom, and what they refuse. */
@Covers("SEC-PA-01")
class PasskeyIT {

	static final Pattern CSRF_TOKEN = Pattern.compile("data-csrf-token=\"([^\"]+)\"");

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	final JsonMapper json = JsonMapper.builder().build();

	@Nested
	class RegistrationOptions {

		@Test
		void needASignedInSession() {
			Http anonymous = new Http(server);
			HttpResponse<String> options = postJson(anonymous, "/webauthn/register/options", csrf(anonymous, "/login"),
					null);
			assertThat(options.statusCode()).isEqualTo(400);
			assertThat(options.body()).doesNotContain("challenge");
		}

		@Test
		void needTheCsrfToken() {
			NewStaff staff = newStaff();
			Http browser = new Http(server);
			browser.signInWithPasswordOnly(staff.account());
			assertThat(postJson(browser, "/webauthn/register/options", null, null).statusCode()).isEqualTo(403);
		}

		@Test
		void nameTheAccountByItsIdNeverByItsEmailAndDemandUserVerification() {
			NewStaff staff = newStaff();
			Http browser = new Http(server);
			browser.signInWithPasswordOnly(staff.account());
			HttpResponse<String> response = postJson(browser, "/webauthn/register/options",
					csrf(browser, "/account/mfa"), null);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode options = json.readTree(response.body());
			assertThat(options.path("rp").path("id").asString()).isEqualTo("localhost");
			assertThat(options.path("user").path("name").asString()).isEqualTo(staff.user().toString());
			assertThat(options.path("user").path("displayName").asString()).isEqualTo(staff.user().toString());
			assertThat(response.body()).doesNotContain(staff.account().username()).doesNotContain("New Clinician");
			assertThat(options.path("authenticatorSelection").path("userVerification").asString())
				.isEqualTo("required");
			assertThat(db.sql("SELECT name FROM identity.user_entities WHERE account_id = ?")
				.param(staff.user().value())
				.query(String.class)
				.single()).isEqualTo(staff.user().toString());
		}

	}

	@Nested
	class Registration {

		@Test
		void withThePasswordAloneIsRefusedOnceTheAccountHasASecondFactor() {
			DemoAccounts.Account clinician = DemoAccounts.withRole(server.dataDir(), "CLINICIAN");
			Http browser = new Http(server);
			browser.signInWithPasswordOnly(clinician);
			HttpResponse<String> register = postJson(browser, "/webauthn/register", csrf(browser, "/account/mfa"),
					"{\"publicKey\":{\"label\":\"x\",\"credential\":{}}}");
			assertThat(register.statusCode()).isEqualTo(302);
			assertThat(Http.location(register)).contains("/login/totp");
		}

		@Test
		void aForgedAttestationIsRefused() {
			NewStaff staff = newStaff();
			Http browser = new Http(server);
			browser.signInWithPasswordOnly(staff.account());
			String csrf = csrf(browser, "/account/mfa");
			postJson(browser, "/webauthn/register/options", csrf, null);
			HttpResponse<String> register = postJson(browser, "/webauthn/register", csrf, """
					{"publicKey":{"label":"Passkey","credential":{"id":"AAAA","rawId":"AAAA","type":"public-key",
					"response":{"attestationObject":"AAAA","clientDataJSON":"AAAA","transports":[]},
					"clientExtensionResults":{}}}}""");
			// Spring's registration filter lets the verification error through: Haven's error page answers (500).
			assertThat(register.statusCode()).isEqualTo(400);
			assertThat(register.body()).contains("IDENTITY_PASSKEY_REJECTED");
			assertThat(register.body()).doesNotContain("success");
			assertThat(db.sql("""
					SELECT count(*) FROM identity.user_credentials c
					JOIN identity.user_entities u ON u.id = c.user_entity_user_id WHERE u.account_id = ?""")
				.param(staff.user().value())
				.query(Long.class)
				.single()).isZero();
		}

	}

	@Nested
	class SigningIn {

		@Test
		void authenticationOptionsNameTheRelyingPartyAndDemandUserVerification() {
			Http anonymous = new Http(server);
			HttpResponse<String> response = postJson(anonymous, "/webauthn/authenticate/options",
					csrf(anonymous, "/login"), null);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode options = json.readTree(response.body());
			assertThat(options.path("rpId").asString()).isEqualTo("localhost");
			assertThat(options.path("userVerification").asString()).isEqualTo("required");
			assertThat(options.path("challenge").asString()).isNotBlank();
		}

		@Test
		void aForgedAssertionIsRefusedAndAudited() {
			Http anonymous = new Http(server);
			String csrf = csrf(anonymous, "/login");
			postJson(anonymous, "/webauthn/authenticate/options", csrf, null);
			String credentialId = "forged-" + UUID.randomUUID();
			HttpResponse<String> login = postJson(anonymous, "/login/webauthn", csrf, """
					{"id":"%s","rawId":"%s","credType":"public-key","response":{"authenticatorData":"AAAA",
					"clientDataJSON":"AAAA","signature":"AAAA"},"clientExtensionResults":{}}"""
				.formatted(credentialId, credentialId));
			assertThat(login.statusCode()).isEqualTo(401);
			assertThat(anonymous.get("/api/v1/clients", "application/json").statusCode()).isEqualTo(401);
			assertThat(AuditLog.awaitDetails(db, "action = 'SIGN_IN_FAILURE' AND details LIKE '%passkey%'"))
				.contains("passkey_rejected");
		}

		@Test
		void theSignInPageOffersAPasskeyWithoutInlineScript() {
			String page = new Http(server).get("/login").body();
			assertThat(page).contains("data-passkey=\"sign-in\"").contains("/js/passkeys").doesNotContain("<script>");
		}

	}

	record NewStaff(DemoAccounts.Account account, UserId user, OrgId org) {
	}

	NewStaff newStaff() {
		OrgId org = server.bean(Accounts.class).createOrganization(ActorRef.system("test"), "Passkey Org",
				"passkey-" + UUID.randomUUID().toString().substring(0, 8));
		String email = "passkey-" + UUID.randomUUID() + "@example.test";
		String password = "a long enough passphrase " + UUID.randomUUID();
		UserId user = server.bean(Accounts.class).open(ActorRef.system("test"),
				new NewAccount(org, email, "New Clinician", password, Set.of(Role.CLINICIAN)));
		return new NewStaff(new DemoAccounts.Account(email, password, List.of("CLINICIAN"), "", null), user, org);
	}

	static String csrf(Http browser, String page) {
		Matcher token = CSRF_TOKEN.matcher(browser.get(page).body());
		assertThat(token.find()).as("a CSRF token on " + page).isTrue();
		return token.group(1);
	}

	static HttpResponse<String> postJson(Http browser, String path, String csrf, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(browser.uri(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (csrf != null) {
			request.header("X-CSRF-TOKEN", csrf);
		}
		return browser.send(request.build());
	}

}
