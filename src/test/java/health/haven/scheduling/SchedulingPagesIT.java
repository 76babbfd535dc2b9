package health.haven.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The staff pages and the caseload API over HTTP, in the demo organization: the director defines the demo program and
 * a track, a clinician enrolls one of their clients, and each sees what they should.
 */
class SchedulingPagesIT {

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	final OrgId demo = new OrgId(db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).single());

	@Test
	void directorDefinesATrackAndTheCareTeamSeesTheEnrollmentOnItsPages() {
		Actor director = actor("director@demo.haven.test", Role.PROGRAM_DIRECTOR, Role.CLINICIAN);
		Actor clinician = actor("clinician@demo.haven.test", Role.CLINICIAN);
		UUID program = db.sql("SELECT id FROM identity.program WHERE org_id = ? AND name = 'Adult IOP'")
			.param(demo.value()).query(UUID.class).single();
		Programs programs = server.bean(Programs.class);
		programs.define(director, program, new ProgramDefinition("ASAM_2_1", "ADULT", null, 40));
		String name = "Adult SUD IOP, evenings " + UUID.randomUUID().toString().substring(0, 6);
		UUID track = programs.addTrack(director, program, new TrackDefinition(name, "MON,WED,THU", "18:00", "21:00", 12));
		ClientId client = new ClientId(db.sql("""
				SELECT c.client_id FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
				WHERE t.name = 'Evening SUD team' AND t.org_id = ? AND NOT EXISTS (SELECT 1 FROM scheduling.enrollment e
				    WHERE e.client_id = c.client_id AND e.status <> 'DISCHARGED')
				ORDER BY c.client_id LIMIT 1""").param(demo.value()).query(UUID.class).single());
		UUID enrollment = server.bean(Enrollments.class)
			.enroll(clinician, client, new NewEnrollment(track, LocalDate.now(), 12, null));

		Http clinicianHttp = Http.signedIn(server, account("clinician@demo.haven.test"));
		HttpResponse<String> caseload = clinicianHttp.get("/caseload", "text/html");
		assertThat(caseload.statusCode()).isEqualTo(200);
		assertThat(caseload.body()).contains(name).contains(client.toString());
		HttpResponse<String> api = clinicianHttp.get("/api/v1/caseload", "application/json");
		assertThat(api.statusCode()).isEqualTo(200);
		assertThat(api.body()).contains(client.toString()).contains(name);

		String page = "/clients/" + client + "/enrollments";
		HttpResponse<String> changed = clinicianHttp.postForm(page + "/" + enrollment + "/level-of-care", page,
				Map.of("levelOfCare", "ASAM_2_5", "reason", "needs more structure"));
		assertThat(changed.statusCode()).isEqualTo(302);
		HttpResponse<String> refused = clinicianHttp.postForm(page + "/" + enrollment + "/level-of-care", page,
				Map.of("levelOfCare", "ASAM_1"));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(db.sql("SELECT count(*) FROM scheduling.enrollment_change WHERE enrollment_id = ?")
			.param(enrollment).query(Long.class).single()).as("a change without a reason changes nothing").isEqualTo(1);
		HttpResponse<String> enrollments = clinicianHttp.get(page, "text/html");
		assertThat(enrollments.statusCode()).isEqualTo(200);
		assertThat(enrollments.body()).contains(name).contains("needs more structure").contains("ASAM_2_5");

		Http directorHttp = Http.signedIn(server, account("director@demo.haven.test"));
		HttpResponse<String> programsPage = directorHttp.get("/programs", "text/html");
		assertThat(programsPage.statusCode()).isEqualTo(200);
		assertThat(programsPage.body()).contains(name).contains("Mon/Wed/Thu 18:00-21:00");
		HttpResponse<String> trackPage = directorHttp.get("/programs/" + program + "/tracks/" + track + "/caseload",
				"text/html");
		assertThat(trackPage.statusCode()).isEqualTo(200);
		assertThat(trackPage.body()).contains(client.toString());
		assertThat(clinicianHttp.get("/programs/" + program + "/tracks/" + track + "/caseload", "text/html")
			.statusCode()).isEqualTo(403);
	}

	private DemoAccounts.Account account(String email) {
		return DemoAccounts.read(server.dataDir()).stream().filter(a -> a.username().equals(email)).findFirst()
			.orElseThrow();
	}

	private Actor actor(String email, Role... roles) {
		return new Actor(demo, new UserId(TestServer.accountIdOf(email)), Set.of(roles), null, "127.0.0.1");
	}

}
