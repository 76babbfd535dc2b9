package health.haven.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.NewAccount;
import health.haven.identity.Role;
import health.haven.records.Clients;
import health.haven.records.NewClient;
import health.haven.scheduling.enrollment.Enrollment;
import health.haven.scheduling.enrollment.EnrollmentChange;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.support.AuditLog;
import health.haven.support.TestServer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Programs, tracks, enrollment and caseloads, in a clinic of their own: a program with its director and two care
 * teams (one inside the program), an admin, and a second program with another director.
 */
class ProgramsAndEnrollmentIT {

	static final ActorRef SETUP = ActorRef.system("scheduling-tests");

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	final Programs programs = server.bean(Programs.class);

	final Enrollments enrollments = server.bean(Enrollments.class);

	final CareTeams careTeams = server.bean(CareTeams.class);

	final String slug = "sched-" + UUID.randomUUID().toString().substring(0, 8);

	final OrgId org = server.bean(Accounts.class).createOrganization(SETUP, "Scheduling Test Clinic", slug);

	final UUID program = careTeams.createProgram(SETUP, org, "Adult IOP");

	final UUID otherProgram = careTeams.createProgram(SETUP, org, "Adolescent IOP");

	final UUID team = careTeams.createCareTeam(SETUP, org, Optional.of(program), "Evening team");

	final UUID otherTeam = careTeams.createCareTeam(SETUP, org, Optional.of(otherProgram), "Teen team");

	final Actor director = person("director", Role.PROGRAM_DIRECTOR);

	final Actor otherDirector = person("director2", Role.PROGRAM_DIRECTOR);

	final Actor admin = person("admin", Role.ORG_ADMIN);

	final Actor clinician = person("clinician", Role.CLINICIAN);

	final Actor facilitator = person("facilitator", Role.FACILITATOR);

	final Actor otherClinician = person("clinician2", Role.CLINICIAN);

	{
		careTeams.addDirector(SETUP, org, program, director.user());
		careTeams.addDirector(SETUP, org, otherProgram, otherDirector.user());
		careTeams.addMember(SETUP, org, team, clinician.user());
		careTeams.addMember(SETUP, org, team, facilitator.user());
		careTeams.addMember(SETUP, org, otherTeam, otherClinician.user());
	}

	@Test
	void onlyAnAdminOrTheProgramsOwnDirectorDefinesAProgram() {
		ProgramDefinition definition = new ProgramDefinition("ASAM 2.1", "ADULT", null, 20);
		for (Actor refused : List.of(clinician, facilitator, otherDirector)) {
			assertThatThrownBy(() -> programs.define(refused, program, definition)).isInstanceOf(HavenException.class)
				.hasMessageContaining("SCHEDULING_PROGRAM_MANAGERS_ONLY");
		}
		assertThat(programs.find(clinician, program).defined()).isFalse();
		assertThat(programs.define(director, program, definition).levelOfCare()).isEqualTo(LevelOfCare.ASAM_2_1);
		assertThat(programs.define(admin, program, new ProgramDefinition("ASAM_2_1", "ADULT", null, 30)).capacity())
			.isEqualTo(30);
		assertThat(AuditLog.awaitCount(db, 2, "action = 'CONFIGURATION_CHANGED' AND resource_id = ?",
				program.toString())).isEqualTo(2);
		assertThatThrownBy(() -> programs.define(admin, UUID.randomUUID(), definition))
			.hasMessageContaining("SCHEDULING_PROGRAM_NOT_FOUND");
	}

	@Test
	void weeklyHoursDefaultToThePopulationsMinimumAndMayNotGoBelowItForIntensiveCare() {
		assertThat(programs.define(director, program, new ProgramDefinition("ASAM_2_1", "ADULT", null, 10))
			.requiredHours()).isEqualByComparingTo("9");
		assertThat(programs.define(otherDirector, otherProgram, new ProgramDefinition("MH_IOP", "ADOLESCENT", null, 10))
			.requiredHours()).isEqualByComparingTo("6");
		assertThatThrownBy(() -> programs.define(director, program,
				new ProgramDefinition("ASAM_2_1", "ADULT", new BigDecimal("8"), 10)))
			.hasMessageContaining("SCHEDULING_HOURS_BELOW_MINIMUM");
		assertThat(programs.find(director, program).requiredHours()).as("unchanged").isEqualByComparingTo("9");
		assertThat(programs.define(director, program, new ProgramDefinition("ASAM_2_1", "ADULT", new BigDecimal("12"),
				10)).requiredHours()).isEqualByComparingTo("12");
	}

	@Test
	void aTrackIsDefinedWithItsWeeklyScheduleAndBadInputChangesNothing() {
		programs.define(director, program, new ProgramDefinition("ASAM_2_1", "ADULT", null, 20));
		UUID track = programs.addTrack(director, program,
				new TrackDefinition("Adult SUD IOP, evenings", "Mon/Wed/Thu", "18:00", "21:00", 12));
		Track saved = programs.find(clinician, program).tracks().get(0);
		assertThat(saved.id()).isEqualTo(track);
		assertThat(saved.schedule()).isEqualTo("Mon/Wed/Thu 18:00-21:00");
		assertThatThrownBy(() -> programs.addTrack(director, program,
				new TrackDefinition("Late", "MON", "21:00", "18:00", 12))).hasMessageContaining("SCHEDULING_TRACK_TIMES_INVALID");
		assertThatThrownBy(() -> programs.addTrack(director, program,
				new TrackDefinition("Odd", "MOON", "18:00", "21:00", 12))).hasMessageContaining("SCHEDULING_TRACK_DAY_UNKNOWN");
		assertThatThrownBy(() -> programs.addTrack(clinician, program,
				new TrackDefinition("Mine", "MON", "18:00", "21:00", 12))).hasMessageContaining("MANAGERS_ONLY");
		assertThat(programs.find(clinician, program).tracks()).hasSize(1);
	}

	@Test
	void aFullTrackRefusesANewActiveEnrollmentAndChangesNothing() {
		UUID track = track(1);
		ClientId first = client(team);
		ClientId second = client(team);
		UUID enrollment = enrollments.enroll(clinician, first, new NewEnrollment(track, LocalDate.now(), 12, null));
		assertThatThrownBy(() -> enrollments.enroll(clinician, second, new NewEnrollment(track, LocalDate.now(), 12, null)))
			.isInstanceOf(HavenException.class)
			.hasMessageContaining("SCHEDULING_TRACK_FULL");
		assertThat(rows("client_id = ?", second.value())).isZero();
		enrollments.changeStatus(clinician, first, enrollment, "ON_HOLD", null);
		UUID secondEnrollment = enrollments.enroll(clinician, second, new NewEnrollment(track, LocalDate.now(), 8, null));
		assertThatThrownBy(() -> enrollments.changeStatus(clinician, first, enrollment, "ACTIVE", null))
			.hasMessageContaining("SCHEDULING_TRACK_FULL");
		assertThat(enrollments.of(clinician, first, Purpose.TREATMENT).get(0).status()).isEqualTo("ON_HOLD");
		enrollments.changeStatus(director, second, secondEnrollment, "DISCHARGED", "completed the program");
		enrollments.changeStatus(clinician, first, enrollment, "ACTIVE", null);
		assertThatThrownBy(() -> enrollments.changeStatus(clinician, second, secondEnrollment, "ACTIVE", null))
			.hasMessageContaining("SCHEDULING_ENROLLMENT_DISCHARGED");
	}

	@Test
	void aLevelOfCareChangeNeedsAReasonAndIsKeptInTheHistorySealed() {
		UUID track = track(5);
		ClientId client = client(team);
		UUID enrollment = enrollments.enroll(clinician, client, new NewEnrollment(track, LocalDate.now(), 12, null));
		assertThatThrownBy(() -> enrollments.changeLevelOfCare(clinician, client, enrollment, "ASAM_1", " "))
			.hasMessageContaining("SCHEDULING_REASON_MISSING");
		assertThatThrownBy(() -> enrollments.changeLevelOfCare(clinician, client, enrollment, "ASAM 9", "why"))
			.hasMessageContaining("SCHEDULING_LEVEL_OF_CARE_UNKNOWN");
		enrollments.changeLevelOfCare(clinician, client, enrollment, "ASAM 2.5", "relapse risk rising");
		enrollments.changeLevelOfCare(director, client, enrollment, "ASAM_1", "stable for four weeks");
		Enrollment read = enrollments.of(clinician, client, Purpose.TREATMENT).get(0);
		assertThat(read.levelOfCare()).isEqualTo(LevelOfCare.ASAM_1);
		assertThat(read.history()).extracting(EnrollmentChange::from, EnrollmentChange::to, EnrollmentChange::reason)
			.containsExactly(tuple("ASAM_2_1", "ASAM_2_5", "relapse risk rising"),
					tuple("ASAM_2_5", "ASAM_1", "stable for four weeks"));
		List<byte[]> stored = db.sql("SELECT reason FROM scheduling.enrollment_change WHERE enrollment_id = ?")
			.param(enrollment).query(byte[].class).list();
		assertThat(stored).hasSize(2).allSatisfy(sealed -> assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
			.doesNotContain("relapse").doesNotContain("stable"));
		assertThat(read.toString()).doesNotContain("relapse");
	}

	@Test
	void onlyClinicalStaffOfTheCareTeamEnrollAndOtherTeamsGetNotFound() {
		UUID track = track(5);
		ClientId client = client(team);
		NewEnrollment enrollment = new NewEnrollment(track, LocalDate.now(), 12, null);
		assertThatThrownBy(() -> enrollments.enroll(facilitator, client, enrollment))
			.hasMessageContaining("SCHEDULING_ENROLLMENT_WRITE_NOT_ALLOWED");
		assertThatThrownBy(() -> enrollments.enroll(otherClinician, client, enrollment))
			.isInstanceOfSatisfying(HavenException.class,
					ex -> assertThat(ex.kind()).isEqualTo(HavenException.Kind.NOT_FOUND));
		assertThatThrownBy(() -> enrollments.of(otherClinician, client, Purpose.TREATMENT))
			.isInstanceOfSatisfying(HavenException.class,
					ex -> assertThat(ex.kind()).isEqualTo(HavenException.Kind.NOT_FOUND));
		assertThat(rows("client_id = ?", client.value())).isZero();
		UUID id = enrollments.enroll(clinician, client, enrollment);
		assertThat(enrollments.of(facilitator, client, Purpose.TREATMENT)).extracting(Enrollment::id).containsExactly(id);
		assertThat(AuditLog.awaitCount(db, 1, "action = 'CREATE' AND resource_type = 'enrollment' AND resource_id = ?",
				id.toString())).isEqualTo(1);
		assertThat(AuditLog.awaitCount(db, 1, "action = 'READ' AND resource_type = 'enrollment' AND client_id = ?",
				client.value())).isGreaterThanOrEqualTo(1);
		assertThat(AuditLog.awaitCount(db, 2, "resource_type = 'enrollment' AND client_id = ? AND outcome = 'DENIED'",
				client.value())).isGreaterThanOrEqualTo(2);
	}

	@Test
	void theCareTeamSeesItsCaseloadAndAnotherTeamDoesNot() {
		UUID track = track(5);
		ClientId enrolled = client(team);
		ClientId waiting = client(team);
		enrollments.enroll(clinician, enrolled, new NewEnrollment(track, LocalDate.of(2026, 1, 5), 12, null));
		List<CaseloadEntry> mine = enrollments.caseload(clinician);
		assertThat(mine).extracting(CaseloadEntry::client).contains(enrolled, waiting);
		CaseloadEntry entry = mine.stream().filter(e -> e.client().equals(enrolled)).findFirst().orElseThrow();
		assertThat(entry.track()).isEqualTo("Adult SUD IOP, evenings");
		assertThat(entry.status()).isEqualTo("ACTIVE");
		assertThat(entry.admittedOn()).isEqualTo(LocalDate.of(2026, 1, 5));
		assertThat(mine.stream().filter(e -> e.client().equals(waiting)).findFirst().orElseThrow().track()).isNull();
		assertThat(enrollments.caseload(otherClinician)).extracting(CaseloadEntry::client)
			.doesNotContain(enrolled, waiting);
		assertThat(AuditLog.awaitCount(db, 1, "action = 'READ' AND resource_type = 'caseload' AND client_id = ?",
				enrolled.value())).isGreaterThanOrEqualTo(1);
	}

	@Test
	void aTracksCaseloadIsForTheDirectorOfItsProgram() {
		UUID track = track(5);
		ClientId client = client(team);
		enrollments.enroll(clinician, client, new NewEnrollment(track, LocalDate.now(), 12, null));
		assertThat(enrollments.trackCaseload(director, program, track)).extracting(CaseloadEntry::client)
			.containsExactly(client);
		assertThatThrownBy(() -> enrollments.trackCaseload(clinician, program, track))
			.hasMessageContaining("SCHEDULING_DIRECTORS_ONLY");
		assertThatThrownBy(() -> enrollments.trackCaseload(otherDirector, program, track))
			.hasMessageContaining("SCHEDULING_DIRECTORS_ONLY");
		assertThatThrownBy(() -> enrollments.trackCaseload(director, otherProgram, track))
			.hasMessageContaining("SCHEDULING_TRACK_NOT_FOUND");
	}

	private UUID track(int capacity) {
		programs.define(director, program, new ProgramDefinition("ASAM_2_1", "ADULT", null, 100));
		return programs.addTrack(director, program, new TrackDefinition("Adult SUD IOP, evenings", "MON,WED,THU",
				"18:00", "21:00", capacity));
	}

	private ClientId client(UUID careTeam) {
		ClientId id = server.bean(Clients.class)
			.register(SETUP, org, new NewClient("Test Person " + UUID.randomUUID(), LocalDate.of(1990, 5, 5), "OR",
					null));
		careTeams.assignClient(SETUP, org, careTeam, id);
		return id;
	}

	private long rows(String where, Object param) {
		return db.sql("SELECT count(*) FROM scheduling.enrollment WHERE " + where).param(param).query(Long.class)
			.single();
	}

	private Actor person(String name, Role role) {
		UserId user = server.bean(Accounts.class)
			.open(SETUP, new NewAccount(org, name + "@" + slug + ".test", name, "a long enough passphrase " + slug,
					Set.of(role)));
		return new Actor(org, user, Set.of(role), null, "127.0.0.1");
	}

}
