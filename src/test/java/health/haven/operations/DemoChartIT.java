package health.haven.operations;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.ClientProfile;
import health.haven.records.ClientProfiles;
import health.haven.records.Diagnoses;
import health.haven.records.DiagnosisCodes;
import health.haven.records.RiskFlag;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.support.TestServer;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo shows a chart for every client: a diagnosis, a plan, a signed note, a profile, and a signed evening group
 * note.
 */
class DemoChartIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final UUID demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).single();

	@Test
	void everyDemoClientHasADiagnosisATreatmentPlanAndASignedProgressNote() {
		List<UUID> clients = db.sql("SELECT id FROM records.client WHERE org_id = ?").param(demo).query(UUID.class)
			.list();
		assertThat(clients).hasSize(12);
		for (UUID client : clients) {
			assertThat(count("SELECT count(*) FROM records.treatment_plan WHERE client_id = ?", client)).isEqualTo(1);
			assertThat(count("SELECT count(*) FROM records.diagnosis WHERE client_id = ?", client)).isPositive();
			assertThat(count("""
					SELECT count(*) FROM records.progress_note
					WHERE client_id = ? AND template <> 'GROUP' AND signed_at IS NOT NULL AND content_hash IS NOT NULL""",
					client)).isPositive();
		}
	}

	@Test
	void theDemoDiagnosesAreRealCodesOfTheBundledSubset() {
		UUID client = db.sql("""
				SELECT c.client_id FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
				WHERE t.name = 'Evening SUD team' AND t.org_id = ? ORDER BY c.client_id LIMIT 1""")
			.param(demo).query(UUID.class).single();
		Actor clinician = new Actor(new OrgId(demo), new UserId(TestServer.accountIdOf("clinician@demo.haven.test")),
				Set.of(Role.CLINICIAN), null, "127.0.0.1");
		DiagnosisCodes codes = server.bean(DiagnosisCodes.class);
		assertThat(server.bean(Diagnoses.class).of(clinician, new ClientId(client), Purpose.TREATMENT))
			.isNotEmpty()
			.allSatisfy(diagnosis -> assertThat(codes.title(diagnosis.code())).isPresent());
	}

	@Test
	void theEveningGroupNoteFannedOutIntoThreeSignedNotesOfEveningClients() {
		List<UUID> groups = db.sql("SELECT id FROM records.group_note WHERE org_id = ?").param(demo).query(UUID.class)
			.list();
		assertThat(groups).hasSize(1);
		List<String> attendees = db.sql("""
				SELECT p.client_id::text FROM records.group_note_attendee a JOIN records.progress_note p ON p.id = a.note_id
				WHERE a.group_note_id = ? AND p.template = 'GROUP' AND p.signed_at IS NOT NULL""")
			.param(groups.get(0)).query(String.class).list();
		assertThat(attendees).hasSize(3).doesNotHaveDuplicates();
		List<String> evening = db.sql("""
				SELECT c.client_id::text FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
				WHERE t.name = 'Evening SUD team' AND t.org_id = ?""")
			.param(demo).query(String.class).list();
		assertThat(evening).containsAll(attendees);
	}

	@Test
	void theDemoProgramHasTwoTracksElevenEnrollmentsAndOneLevelOfCareChange() {
		assertThat(db.sql("SELECT level_of_care FROM scheduling.program_profile WHERE org_id = ?").param(demo)
			.query(String.class).list()).containsExactly("ASAM_2_1");
		assertThat(db.sql("SELECT name FROM scheduling.track WHERE org_id = ?").param(demo).query(String.class).list())
			.contains("Adult SUD IOP, evenings", "Adult mental-health IOP, days");
		// Other tests enroll the client awaiting admission; the demo itself enrolls eleven.
		assertThat(db.sql("""
				SELECT count(DISTINCT e.client_id) FROM scheduling.enrollment e JOIN scheduling.track t ON t.id = e.track_id
				WHERE e.org_id = ? AND t.name IN ('Adult SUD IOP, evenings', 'Adult mental-health IOP, days')""")
			.param(demo).query(Long.class).single()).isEqualTo(11);
		assertThat(db.sql("""
				SELECT count(*) FROM scheduling.enrollment_change c JOIN scheduling.enrollment e ON e.id = c.enrollment_id
				JOIN scheduling.track t ON t.id = e.track_id
				WHERE e.org_id = ? AND t.name = 'Adult SUD IOP, evenings' AND c.kind = 'LEVEL_OF_CARE'""")
			.param(demo).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void bothDemoPortalClientsAreEnrolledSoTheirPortalShowsProgramHours() {
		// The client awaiting admission is never one of the portal's demo accounts.
		for (String email : List.of("client@demo.haven.test", "client2@demo.haven.test")) {
			assertThat(db.sql("""
					SELECT count(*) FROM identity.client_account a
					JOIN scheduling.enrollment e ON e.client_id = a.client_id
					JOIN scheduling.track t ON t.id = e.track_id
					WHERE a.user_id = ? AND t.name IN ('Adult SUD IOP, evenings', 'Adult mental-health IOP, days')""")
				.param(TestServer.accountIdOf(email)).query(Long.class).single()).as(email).isPositive();
		}
	}

	@Test
	void everyDemoClientHasAProfileAndTheSafetyAlertsClientCarriesASuicideRiskFlag() {
		assertThat(db.sql("SELECT count(DISTINCT client_id) FROM records.client_profile WHERE org_id = ?").param(demo)
			.query(Long.class).single()).isEqualTo(12);
		UUID alerted = db.sql("SELECT client_id FROM records.safety_task WHERE org_id = ? ORDER BY opened_at LIMIT 1").param(demo)
			.query(UUID.class).single();
		Actor clinician = new Actor(new OrgId(demo), new UserId(TestServer.accountIdOf("clinician2@demo.haven.test")),
				Set.of(Role.CLINICIAN), null, "127.0.0.1");
		ClientProfile profile = server.bean(ClientProfiles.class).of(clinician, new ClientId(alerted), Purpose.TREATMENT);
		assertThat(profile.riskFlags()).extracting(RiskFlag::kind).containsExactly(RiskFlag.Kind.SUICIDE_RISK);
		assertThat(profile.demographics().emergencyContactName()).isNotBlank();
	}

	@Test
	void twoClientsOfEachTeamHaveASignedIntakeAssessmentOnTheBundledTemplate() {
		List<String> teams = db.sql("""
				SELECT t.name FROM records.intake_assessment a
				JOIN identity.care_team_client c ON c.client_id = a.client_id
				JOIN identity.care_team t ON t.id = c.care_team_id
				WHERE a.org_id = ? AND a.signed_at IS NOT NULL AND a.content_hash IS NOT NULL
				  AND a.template_key = 'bh-intake' AND a.template_version = 1""")
			.param(demo).query(String.class).list();
		assertThat(teams).hasSize(4).containsOnly("Evening SUD team", "Day mental-health team");
	}

	private static long count(String sql, UUID client) {
		return db.sql(sql).param(client).query(Long.class).single();
	}

}
