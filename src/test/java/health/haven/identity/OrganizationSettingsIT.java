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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

@Covers("SEC-AC-03")
class OrganizationSettingsIT {

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	final ActorRef test = ActorRef.system("settings-test");

	final OrgId org = server.bean(Accounts.class).createOrganization(test, "Settings Clinic",
			"settings-" + UUID.randomUUID().toString().substring(0, 8));

	@Test
	void anAdminSetsIdleLimitsWithinTheAllowedRangeAndTheChangeIsAudited() {
		Http admin = signedIn(Role.ORG_ADMIN);
		admin.postForm("/admin/settings", "/admin/settings",
				Map.of("staffIdleMinutes", "5", "clientIdleMinutes", "20", "clientsRequireMfa", "true"));
		assertThat(settings()).isEqualTo("5 20 true");
		assertThat(AuditLog.awaitDetails(db, "action = 'CONFIGURATION_CHANGED' AND resource_id = ?", org.toString()))
			.contains("staffIdleMinutes", "5");
	}

	@Test
	void aStaffLimitAboveFifteenMinutesIsRefusedAndChangesNothing() {
		Http admin = signedIn(Role.ORG_ADMIN);
		String page = admin.postForm("/admin/settings", "/admin/settings",
				Map.of("staffIdleMinutes", "30", "clientIdleMinutes", "20")).body();
		assertThat(page).contains("between 2 and 15 minutes");
		assertThat(settings()).isEqualTo("15 30 false");
	}

	@Test
	void onlyAnAdminMayChangeThem() {
		Http clinician = signedIn(Role.CLINICIAN);
		assertThat(clinician.get("/admin/settings").statusCode()).isEqualTo(403);
		assertThat(clinician.postForm("/admin/settings", "/", Map.of("staffIdleMinutes", "5", "clientIdleMinutes", "5"))
			.statusCode()).isEqualTo(403);
		assertThat(settings()).isEqualTo("15 30 false");
	}

	private String settings() {
		return db.sql("SELECT staff_idle_minutes || ' ' || client_idle_minutes || ' ' || clients_require_mfa "
				+ "FROM identity.organization WHERE id = ?").param(org.value()).query(String.class).single();
	}

	private Http signedIn(Role role) {
		String email = role.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.test";
		String password = "a long enough passphrase " + UUID.randomUUID();
		UserId user = server.bean(Accounts.class)
			.open(test, new NewAccount(org, email, "Someone", password, Set.of(role)));
		String secret = server.bean(SecondFactors.class).provisionTotp(test, org, user).secret();
		Http http = new Http(server);
		assertThat(Http.location(http.signIn(new DemoAccounts.Account(email, password, List.of(role.name()), "",
				secret)))).doesNotContain("error");
		return http;
	}

}
