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
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Organization administration over HTTP. Every test works in an organization of its own, so that suspending or
 * changing accounts never disturbs the demo accounts other tests sign in with.
 */
class OrganizationAdminIT {

	static final String PASSWORD = "admin-it lantern quartz " + UUID.randomUUID();

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	final ActorRef setup = ActorRef.system("organization-admin-it");

	@Test
	@Covers("ADM-WF-01")
	void suspendingAnAccountEndsAllItsSessionsAtOnceAndItCannotSignInAgain() {
		OrgId org = newOrganization();
		DemoAccounts.Account admin = account(org, Role.ORG_ADMIN);
		DemoAccounts.Account facilitator = account(org, Role.FACILITATOR);
		Http browser = new Http(server);
		browser.signIn(facilitator);
		Http api = new Http(server);
		api.signIn(facilitator);
		assertThat(browser.get("/").body()).contains("Sign out");
		assertThat(sessionsOf(facilitator)).isEqualTo(2);

		Http adminBrowser = signedIn(admin);
		HttpResponse<String> suspended = adminBrowser.postForm("/admin/users/" + id(facilitator) + "/suspend",
				"/admin/users", Map.of());

		assertThat(suspended.statusCode()).isEqualTo(302);
		assertThat(status(facilitator)).isEqualTo("suspended");
		assertThat(sessionsOf(facilitator)).isZero();
		HttpResponse<String> page = browser.get("/admin/users");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(Http.location(page)).contains("/login");
		assertThat(api.get("/api/v1/clients", "application/json").statusCode()).isEqualTo(401);
		assertThat(AuditLog.awaitDetails(db, "action = 'PERMISSION_CHANGED' AND resource_id = ?",
				id(facilitator).toString())).contains("suspended");
		HttpResponse<String> again = new Http(server).signInWithPasswordOnly(facilitator);
		assertThat(Http.location(again)).contains("/login?error");
	}

	@Test
	@Covers("ADM-WF-01")
	void deprovisioningIsAuditedEndsSessionsAndIsFinal() {
		OrgId org = newOrganization();
		DemoAccounts.Account admin = account(org, Role.ORG_ADMIN);
		DemoAccounts.Account clinician = account(org, Role.CLINICIAN);
		Http browser = new Http(server);
		browser.signIn(clinician);
		Http adminBrowser = signedIn(admin);

		adminBrowser.postForm("/admin/users/" + id(clinician) + "/deprovision", "/admin/users", Map.of());

		assertThat(status(clinician)).isEqualTo("deprovisioned");
		assertThat(sessionsOf(clinician)).isZero();
		assertThat(AuditLog.awaitDetails(db, "action = 'ACCOUNT_DEPROVISIONED' AND resource_id = ?",
				id(clinician).toString())).contains("deprovisioned");
		HttpResponse<String> suspendAfter = adminBrowser.postForm("/admin/users/" + id(clinician) + "/suspend",
				"/admin/users", Map.of());
		assertThat(suspendAfter.statusCode()).isEqualTo(409);
		assertThat(status(clinician)).isEqualTo("deprovisioned");
		assertThat(Http.location(new Http(server).signInWithPasswordOnly(clinician))).contains("/login?error");
	}

	@Test
	void anyoneButAnOrganizationAdminIsRefusedAndChangesNothing() {
		OrgId org = newOrganization();
		DemoAccounts.Account clinician = account(org, Role.CLINICIAN);
		DemoAccounts.Account colleague = account(org, Role.FACILITATOR);
		Http browser = signedIn(clinician);

		assertThat(browser.get("/admin/users").statusCode()).isEqualTo(403);
		assertThat(browser.get("/admin/users").body()).contains("You cannot open this page");
		assertThat(browser.get("/admin/access-review").statusCode()).isEqualTo(403);
		assertThat(browser.postForm("/admin/users/" + id(colleague) + "/suspend", "/", Map.of()).statusCode())
			.isEqualTo(403);
		assertThat(browser.postForm("/admin/users/" + id(colleague) + "/roles", "/",
				Map.of("role", "ORG_ADMIN", "change", "grant")).statusCode()).isEqualTo(403);
		assertThat(browser.postForm("/admin/invitations", "/",
				Map.of("email", "x-" + UUID.randomUUID() + "@admin-it.haven.test", "displayName", "X", "roles", "CLINICIAN"))
			.statusCode()).isEqualTo(403);

		assertThat(status(colleague)).isEqualTo("active");
		assertThat(roles(colleague)).containsExactly("FACILITATOR");
		assertThat(db.sql("SELECT count(*) FROM identity.user_account WHERE org_id = ?").param(org.value())
			.query(Long.class).single()).isEqualTo(2);
	}

	@Test
	void anAdminGrantsAndRemovesRolesAndCareTeamMembershipAndTheUsersPageShowsThem() {
		OrgId org = newOrganization();
		DemoAccounts.Account admin = account(org, Role.ORG_ADMIN);
		DemoAccounts.Account clinician = account(org, Role.CLINICIAN);
		UUID team = server.bean(CareTeams.class).createCareTeam(setup, org, java.util.Optional.empty(), "Evening group");
		Http browser = signedIn(admin);

		browser.postForm("/admin/users/" + id(clinician) + "/roles", "/admin/users",
				Map.of("role", "FACILITATOR", "change", "grant"));
		browser.postForm("/admin/care-teams/" + team + "/members", "/admin/users",
				Map.of("user", id(clinician).toString(), "change", "add"));
		assertThat(roles(clinician)).containsExactlyInAnyOrder("CLINICIAN", "FACILITATOR");
		String page = browser.get("/admin/users").body();
		assertThat(page).contains(clinician.username()).contains("Group facilitator").contains("Evening group");

		browser.postForm("/admin/users/" + id(clinician) + "/roles", "/admin/users",
				Map.of("role", "CLINICIAN", "change", "remove"));
		browser.postForm("/admin/care-teams/" + team + "/members", "/admin/users",
				Map.of("user", id(clinician).toString(), "change", "remove"));
		assertThat(roles(clinician)).containsExactly("FACILITATOR");
		assertThat(db.sql("SELECT count(*) FROM identity.care_team_member WHERE user_id = ?")
			.param(id(clinician).value()).query(Long.class).single()).isZero();
		assertThat(AuditLog.awaitDetails(db, "action = 'PERMISSION_CHANGED' AND resource_id = ?",
				id(clinician).toString())).contains("CLINICIAN");

		HttpResponse<String> lastRole = browser.postForm("/admin/users/" + id(clinician) + "/roles", "/admin/users",
				Map.of("role", "FACILITATOR", "change", "remove"));
		assertThat(lastRole.statusCode()).isEqualTo(409);
		assertThat(roles(clinician)).containsExactly("FACILITATOR");
	}

	@Test
	void anInvitationLinkSetsThePasswordOnceAndThenFailsClearly() {
		OrgId org = newOrganization();
		DemoAccounts.Account admin = account(org, Role.ORG_ADMIN);
		Http browser = signedIn(admin);
		String email = "invited-" + UUID.randomUUID() + "@admin-it.haven.test";

		HttpResponse<String> created = browser.postForm("/admin/invitations", "/admin/users",
				Map.of("email", email, "displayName", "New Counsellor", "roles", "CLINICIAN"));
		assertThat(created.statusCode()).isEqualTo(200);
		String path = invitationPath(created.body());
		String token = path.substring(path.lastIndexOf('/') + 1);
		assertThat(statusOf(email)).isEqualTo("invited");
		assertThat(db.sql("SELECT count(*) FROM identity.invitation_token WHERE token_hash = sha256(convert_to(?, 'UTF8'))")
			.param(token).query(Long.class).single()).isEqualTo(1);
		assertThat(Http.location(new Http(server).postForm("/login", "/login",
				Map.of("username", email, "password", PASSWORD)))).contains("/login?error");

		Http invitee = new Http(server);
		HttpResponse<String> weak = invitee.postForm(path, path, Map.of("password", "short", "confirmation", "short"));
		assertThat(weak.statusCode()).isEqualTo(400);
		assertThat(weak.body()).contains("at least 12 characters");
		assertThat(statusOf(email)).isEqualTo("invited");

		HttpResponse<String> accepted = invitee.postForm(path, path, Map.of("password", PASSWORD, "confirmation", PASSWORD));
		assertThat(Http.location(accepted)).contains("/login");
		assertThat(statusOf(email)).isEqualTo("active");
		assertThat(Http.location(new Http(server).postForm("/login", "/login",
				Map.of("username", email, "password", PASSWORD)))).doesNotContain("error");

		HttpResponse<String> reused = new Http(server).get(path);
		assertThat(reused.statusCode()).isEqualTo(409);
		assertThat(reused.body()).contains("already been used");
	}

	@Test
	void anExpiredInvitationLinkFailsClearlyAndChangesNothing() {
		OrgId org = newOrganization();
		DemoAccounts.Account admin = account(org, Role.ORG_ADMIN);
		String email = "late-" + UUID.randomUUID() + "@admin-it.haven.test";
		HttpResponse<String> created = signedIn(admin).postForm("/admin/invitations", "/admin/users",
				Map.of("email", email, "displayName", "Late Comer", "roles", "FRONT_DESK"));
		String path = invitationPath(created.body());
		db.sql("UPDATE identity.invitation SET expires_at = now() - interval '1 minute' WHERE org_id = ?")
			.param(org.value()).update();

		Http invitee = new Http(server);
		assertThat(invitee.get(path).body()).contains("expired");
		HttpResponse<String> late = new Http(server).send(java.net.http.HttpRequest.newBuilder(server.uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("password=x&confirmation=x"))
			.build());
		assertThat(late.statusCode()).isIn(403, 409);
		assertThat(statusOf(email)).isEqualTo("invited");
		assertThat(new Http(server).get("/invitations/not-a-real-token").statusCode()).isEqualTo(404);
	}

	@Test
	void theAccessReviewFlagsAccountsUnusedForNinetyDaysAndExportsCsv() {
		OrgId org = newOrganization();
		DemoAccounts.Account admin = account(org, Role.ORG_ADMIN);
		DemoAccounts.Account officer = account(org, Role.COMPLIANCE_OFFICER);
		DemoAccounts.Account dormant = account(org, Role.CLINICIAN);
		DemoAccounts.Account recent = account(org, Role.FACILITATOR);
		new Http(server).signIn(recent);
		assertThat(db.sql("SELECT last_active_at IS NOT NULL FROM identity.user_account WHERE id = ?")
			.param(id(recent).value()).query(Boolean.class).single()).as("sign-in keeps last activity").isTrue();
		db.sql("UPDATE identity.user_account SET last_active_at = now() - interval '91 days' WHERE id = ?")
			.param(id(dormant).value()).update();

		Http reviewer = signedIn(officer);
		String page = reviewer.get("/admin/access-review").body();
		assertThat(row(page, id(dormant))).contains("Dormant");
		assertThat(row(page, id(recent))).doesNotContain("Dormant");
		HttpResponse<String> csv = reviewer.get("/admin/access-review.csv", "text/csv");
		assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
		assertThat(csv.body().lines().filter(line -> line.startsWith(id(dormant).toString())))
			.singleElement().asString().endsWith(",yes");
		assertThat(csv.body().lines().filter(line -> line.startsWith(id(recent).toString())))
			.singleElement().asString().endsWith(",no");
		assertThat(AuditLog.awaitCount(db, 1, "action = 'EXPORT' AND resource_type = 'access_review' AND resource_id = ?",
				org.toString())).isEqualTo(1);
		assertThat(signedIn(admin).get("/admin/access-review").statusCode()).isEqualTo(200);
	}

	private String row(String page, UserId id) {
		int start = page.indexOf("data-account=\"" + id + "\"");
		assertThat(start).as("the review lists " + id).isPositive();
		return page.substring(start, page.indexOf("</tr>", start));
	}

	private static String invitationPath(String page) {
		Matcher link = Pattern.compile("https://[^/]+(/invitations/[A-Za-z0-9_-]{43})").matcher(page);
		assertThat(link.find()).as("the result page shows the link").isTrue();
		return link.group(1);
	}

	private OrgId newOrganization() {
		String slug = "admin-it-" + UUID.randomUUID().toString().substring(0, 8);
		return server.bean(Accounts.class).createOrganization(setup, "Admin IT " + slug, slug);
	}

	private DemoAccounts.Account account(OrgId org, Role role) {
		String email = role.name().toLowerCase() + "-" + UUID.randomUUID() + "@admin-it.haven.test";
		UserId id = server.bean(Accounts.class)
			.open(setup, new NewAccount(org, email, "Test " + role.label(), PASSWORD, Set.of(role)));
		String secret = server.bean(SecondFactors.class).provisionTotp(setup, org, id).secret();
		return new DemoAccounts.Account(email, PASSWORD, List.of(role.name()), "Test " + role.label(), secret);
	}

	private Http signedIn(DemoAccounts.Account account) {
		Http http = new Http(server);
		http.signIn(account);
		return http;
	}

	private UserId id(DemoAccounts.Account account) {
		return new UserId(TestServer.accountIdOf(account.username()));
	}

	private String status(DemoAccounts.Account account) {
		return statusOf(account.username());
	}

	private String statusOf(String email) {
		return db.sql("SELECT status FROM identity.user_account WHERE id = ?").param(TestServer.accountIdOf(email)).query(String.class).single();
	}

	private List<String> roles(DemoAccounts.Account account) {
		return db.sql("SELECT role FROM identity.user_role WHERE user_id = ? ORDER BY role")
			.param(id(account).value()).query(String.class).list();
	}

	private long sessionsOf(DemoAccounts.Account account) {
		return db.sql("SELECT count(*) FROM identity.spring_session WHERE principal_name = ?")
			.param(id(account).toString()).query(Long.class).single();
	}

}
