package health.haven.identity;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.support.AuditLog;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** "My sessions and devices": a person sees and signs out their own sessions, and hears of sign-ins from new devices. */
class SessionsAndDevicesIT {

	static final String FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

	static final String SAFARI_ON_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

	static final String SOME_CLIENT_RECORD = "/api/v1/clients/00000000-0000-0000-0000-000000000000";

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	/**
	 * A client account of its own for each test: Haven accepts each TOTP time step once per account, so tests that
	 * sign in many times share no account and never wait for the clock.
	 */
	final DemoAccounts.Account client = freshClient();

	private DemoAccounts.Account freshClient() {
		health.haven.shared.ActorRef test = health.haven.shared.ActorRef.system("sessions-test");
		health.haven.shared.OrgId demo = new health.haven.shared.OrgId(server.superuserDb()
			.sql("SELECT org_id FROM operations.demo_seed")
			.query(UUID.class)
			.single());
		String email = "sessions-" + UUID.randomUUID() + "@example.test";
		String password = "a long enough passphrase " + UUID.randomUUID();
		health.haven.shared.UserId user = server.bean(Accounts.class)
			.open(test, new NewAccount(demo, email, "Sessions Client", password, java.util.Set.of(Role.CLIENT)));
		String secret = server.bean(SecondFactors.class).provisionTotp(test, demo, user).secret();
		return new DemoAccounts.Account(email, password, java.util.List.of("CLIENT"), "Sessions Client", secret);
	}

	@Test
	void thePageListsOwnSessionsWithDeviceAndAddressAndMarksTheCurrentOne() {
		Http laptop = signedIn(FIREFOX_ON_LINUX);
		Http phone = signedIn(SAFARI_ON_IPHONE);
		String page = laptop.get("/account/sessions").body();
		assertThat(page).contains("My sessions and devices", "Firefox on Linux", "Safari on iOS", "127.0.0.1",
				"(this session)");
		assertThat(page).doesNotContain(sessionCookie(laptop)).doesNotContain(sessionCookie(phone));
	}

	@Test
	void aRevokedSessionIsSignedOutAndTheOtherSurvives() {
		Http laptop = signedIn(FIREFOX_ON_LINUX);
		Http phone = signedIn(SAFARI_ON_IPHONE);
		String phoneDigest = CurrentActor.digest(sessionCookie(phone));

		HttpResponse<String> revoked = laptop.postForm("/account/sessions/" + phoneDigest + "/revoke",
				"/account/sessions", Map.of());

		assertThat(revoked.statusCode()).isEqualTo(302);
		assertThat(Http.location(revoked)).endsWith("/account/sessions?revoked");
		HttpResponse<String> page = phone.get("/account/sessions");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(Http.location(page)).endsWith("/login");
		assertThat(phone.get(SOME_CLIENT_RECORD, "application/json").statusCode()).isEqualTo(401);
		assertThat(laptop.get("/account/sessions").statusCode()).isEqualTo(200);
		assertThat(AuditLog.awaitDetails(db, "action = 'SIGN_OUT' AND resource_id = ?", phoneDigest))
			.contains("revoked");
	}

	@Test
	void signingOutEverywhereElseKeepsOnlyTheCurrentSession() {
		Http laptop = signedIn(FIREFOX_ON_LINUX);
		Http phone = signedIn(SAFARI_ON_IPHONE);

		laptop.postForm("/account/sessions/revoke-others", "/account/sessions", Map.of());

		assertThat(Http.location(phone.get("/account/sessions"))).endsWith("/login");
		assertThat(laptop.get("/account/sessions").statusCode()).isEqualTo(200);
		assertThat(sessionsOf(client)).isEqualTo(1);
	}

	@Test
	void aSessionThatIsNotYoursIsNotFoundAndNothingChanges() {
		Http mine = signedIn(FIREFOX_ON_LINUX);
		DemoAccounts.Account someoneElse = DemoAccounts.withRole(server.dataDir(), "PROGRAM_DIRECTOR");
		Http theirs = new Http(server, SAFARI_ON_IPHONE);
		theirs.signIn(someoneElse);
		long before = sessionsOf(someoneElse);

		HttpResponse<String> attempt = mine.postForm(
				"/account/sessions/" + CurrentActor.digest(sessionCookie(theirs)) + "/revoke", "/account/sessions",
				Map.of());

		assertThat(attempt.statusCode()).isEqualTo(404);
		assertThat(sessionsOf(someoneElse)).isEqualTo(before);
		assertThat(theirs.get("/account/sessions").statusCode()).isEqualTo(200);
	}

	@Test
	void aSignInFromANewDeviceShowsANoticeUntilDismissed() {
		UUID account = accountId(client);
		db.sql("DELETE FROM identity.known_device WHERE user_id = ?").param(account).update();
		Http laptop = signedIn(FIREFOX_ON_LINUX);
		assertThat(laptop.get("/").body()).as("an account's first device is not news").doesNotContain("New sign-in from");

		Http phone = signedIn(SAFARI_ON_IPHONE);

		String home = laptop.get("/").body();
		assertThat(home).contains("New sign-in from <strong>Safari on iOS</strong>", "Revoke it",
				"change your password");
		assertThat(phone.get("/account/sessions").body()).contains("New sign-in from");
		Matcher dismiss = Pattern.compile("/account/sessions/notices/([0-9a-f-]{36})/dismiss").matcher(home);
		assertThat(dismiss.find()).isTrue();
		HttpResponse<String> dismissed = laptop.postForm(dismiss.group(), "/", Map.of());
		assertThat(dismissed.statusCode()).isEqualTo(302);
		assertThat(laptop.get("/").body()).doesNotContain("New sign-in from");

		signedIn(SAFARI_ON_IPHONE);
		assertThat(laptop.get("/").body()).as("a known device is not new again").doesNotContain("New sign-in from");
	}

	private Http signedIn(String userAgent) {
		Http http = new Http(server, userAgent);
		http.signIn(client);
		assertThat(http.get("/account/sessions").statusCode()).isEqualTo(200);
		return http;
	}

	/** The session id: Spring Session's cookie carries it Base64-encoded. */
	private String sessionCookie(Http http) {
		return new String(Base64.getDecoder().decode(http.cookie("HAVEN_SESSION").orElseThrow()),
				StandardCharsets.UTF_8);
	}

	private long sessionsOf(DemoAccounts.Account account) {
		return db.sql("SELECT count(*) FROM identity.spring_session WHERE principal_name = ?")
			.param(accountId(account).toString())
			.query(Long.class)
			.single();
	}

	private UUID accountId(DemoAccounts.Account account) {
		return TestServer.accountIdOf(account.username());
	}

}
