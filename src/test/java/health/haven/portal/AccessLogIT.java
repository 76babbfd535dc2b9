package health.haven.portal;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.consent.BreakGlass;
import health.haven.identity.Actor;
import health.haven.identity.OrganizationSettings;
import health.haven.identity.OrganizationSettings.Settings;
import health.haven.records.Clients;
import health.haven.shared.Purpose;
import health.haven.support.AuditLog;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** "Who viewed my record": the client sees every access by staff, plainly, and looking is itself audited. */
@Covers("SEC-AU-01")
class AccessLogIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final RightsClinic clinic = new RightsClinic(server);

	@Test
	void theLogGrowsWhenAClinicianOpensTheChartAndNamesThem() {
		Actor client = clinic.client("Avery Access");
		Http portal = clinic.http(client);
		int before = rows(portal.get("/portal/access-log").body());

		HttpResponse<String> chart = clinic.http(clinic.clinician).get("/clients/" + clinic.clientOf(client));
		assertThat(chart.statusCode()).isEqualTo(200);

		String page = portal.get("/portal/access-log").body();
		assertThat(rows(page)).isGreaterThan(before);
		assertThat(page).contains(clinic.displayName(clinic.clinician) + " (Clinician)").contains("Viewed")
			.contains("Treatment");
	}

	@Test
	void readingTheLogIsAnAuditedAccessAndShownAsYou() {
		Actor client = clinic.client("Blake Reader");
		Http portal = clinic.http(client);
		assertThat(portal.get("/portal/access-log").statusCode()).isEqualTo(200);
		assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND actor_user = ?::uuid AND action = 'READ' "
				+ "AND resource_type = 'access_log' AND outcome = 'ALLOWED'", clinic.clientOf(client).toString(),
				client.user().toString())).isEqualTo(1);
		assertThat(portal.get("/portal/access-log").body()).contains("<td>You</td>").contains("Who viewed your record");
	}

	@Test
	void anOrganizationCanShowRolesOnly() {
		Actor client = clinic.client("Casey Rolesonly");
		clinic.http(clinic.clinician).get("/clients/" + clinic.clientOf(client));
		OrganizationSettings settings = server.bean(OrganizationSettings.class);
		Settings was = settings.of(clinic.org);
		settings.change(RightsClinic.SETUP, clinic.org, new Settings(was.staffIdleMinutes(), was.clientIdleMinutes(),
				was.clientsRequireMfa(), false));
		try {
			String page = clinic.http(client).get("/portal/access-log").body();
			assertThat(page).contains("<td>Clinician</td>").doesNotContain(clinic.displayName(clinic.clinician));
		}
		finally {
			settings.change(RightsClinic.SETUP, clinic.org, was);
		}
		assertThat(clinic.http(client).get("/portal/access-log").body())
			.contains(clinic.displayName(clinic.clinician));
	}

	@Test
	void emergencyAccessIsShownPlainly() {
		Actor client = clinic.client("Dana Emergency");
		Actor outsider = clinic.otherClinician;
		server.bean(BreakGlass.class).start(outsider, clinic.clientOf(client),
				"Client unreachable after a crisis call; checking their safety plan", Duration.ofMinutes(10));
		server.bean(Clients.class).find(outsider, clinic.clientOf(client), Purpose.EMERGENCY);
		String page = clinic.http(client).get("/portal/access-log").body();
		assertThat(page).contains("Emergency access (break-glass)").contains(clinic.displayName(outsider))
			.contains("class=\"break-glass\"");
	}

	@Test
	void staffHaveNoAccessLogOfTheirOwnHere() {
		assertThat(clinic.http(clinic.clinician).get("/portal/access-log").statusCode()).isEqualTo(403);
	}

	@Test
	void theDemoClientHasClinicianReadsInTheLogAndOneAmendmentRequest() {
		DemoAccounts.Account demoClient = DemoAccounts.read(server.dataDir())
			.stream()
			.filter(account -> account.username().equals("client@demo.haven.test"))
			.findFirst()
			.orElseThrow();
		Http portal = Http.signedIn(server, demoClient);
		String log = portal.get("/portal/access-log").body();
		assertThat(log).contains("Dr. Sam Clinician (Clinician)").contains("Viewed");
		assertThat(portal.get("/portal/amendments").body()).contains("Waiting for your care team");
	}

	static int rows(String page) {
		Matcher table = Pattern.compile("<tbody>(.*?)</tbody>", Pattern.DOTALL).matcher(page);
		if (!table.find()) {
			return 0;
		}
		Matcher row = Pattern.compile("<tr").matcher(table.group(1));
		int count = 0;
		while (row.find()) {
			count++;
		}
		return count;
	}

}
