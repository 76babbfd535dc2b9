package health.haven.operations.internal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.CareTeams.ProgramSummary;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.scheduling.Enrollments;
import health.haven.scheduling.NewEnrollment;
import health.haven.scheduling.ProgramDefinition;
import health.haven.scheduling.Programs;
import health.haven.scheduling.TrackDefinition;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo program as an IOP runs it: "Adult IOP" at ASAM 2.1 for adults (9 hours a week), with an evening SUD track
 * (Mon/Wed/Thu 18:00-21:00) and a day mental-health track (Mon/Tue/Thu 10:00-13:00); the evening team's clients
 * enrolled in the first (but one without a portal account, referred and awaiting admission), the day team's in the second (at the
 * mental-health IOP level), admitted some weeks ago, and one level-of-care change with its reason. Written through the scheduling services as the program director, once
 * per database: skipped when the program already has a profile.
 */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
class DemoProgram {

	private static final Logger log = LoggerFactory.getLogger(DemoProgram.class);

	private final JdbcClient db;

	private final TenantWork work;

	private final Accounts accounts;

	private final CareTeams careTeams;

	private final Programs programs;

	private final Enrollments enrollments;

	private final DemoPeople people;

	DemoProgram(JdbcClient db, TenantWork work, Accounts accounts, CareTeams careTeams, Programs programs,
			Enrollments enrollments, DemoPeople people) {
		this.people = people;
		this.db = db;
		this.work = work;
		this.accounts = accounts;
		this.careTeams = careTeams;
		this.programs = programs;
		this.enrollments = enrollments;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		Optional<UUID> demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).optional();
		Optional<UserId> director = accounts.findByEmail("director@" + DemoOrganization.EMAIL_DOMAIN);
		Optional<UserId> evening = accounts.findByEmail("clinician@" + DemoOrganization.EMAIL_DOMAIN);
		Optional<UserId> day = accounts.findByEmail("clinician2@" + DemoOrganization.EMAIL_DOMAIN);
		if (demo.isEmpty() || director.isEmpty() || evening.isEmpty() || day.isEmpty()) {
			return;
		}
		OrgId org = new OrgId(demo.get());
		Optional<UUID> program = careTeams.programs(org).stream().map(ProgramSummary::id).findFirst();
		if (program.isEmpty() || work.reading(org,
				() -> db.sql("SELECT count(*) FROM scheduling.program_profile").query(Long.class).single()) > 0) {
			return;
		}
		Actor manager = new Actor(org, director.get(), Set.of(Role.PROGRAM_DIRECTOR, Role.CLINICIAN), null,
				"127.0.0.1");
		// The client awaiting admission is the last of the team: never one who signs in to the demo portal
		// (client@, client2@), whose portal shows their program hours.
		Set<ClientId> portal = portalClients(org);
		List<ClientId> eveningTeam = people.ownClients(org, evening.get())
			.stream()
			.sorted(Comparator.comparing((ClientId client) -> !portal.contains(client)))
			.toList();
		List<ClientId> dayTeam = people.ownClients(org, day.get());
		// One transaction: a half-seeded program would be skipped by the check above on the next start.
		work.inTransaction(org, () -> {
			programs.define(manager, program.get(), new ProgramDefinition("ASAM_2_1", "ADULT", null, 24));
			UUID eveningTrack = programs.addTrack(manager, program.get(),
					new TrackDefinition("Adult SUD IOP, evenings", "MON,WED,THU", "18:00", "21:00", 12));
			UUID dayTrack = programs.addTrack(manager, program.get(),
					new TrackDefinition("Adult mental-health IOP, days", "MON,TUE,THU", "10:00", "13:00", 12));
			LocalDate today = LocalDate.now();
			// The evening team's last client is referred and awaiting admission: not enrolled yet.
			List<UUID> evenings = new ArrayList<>();
			for (int i = 0; i < eveningTeam.size() - 1; i++) {
				evenings.add(enrollments.enroll(manager, eveningTeam.get(i),
						new NewEnrollment(eveningTrack, today.minusWeeks(2 + i), 12, null)));
			}
			for (int i = 0; i < dayTeam.size(); i++) {
				enrollments.enroll(manager, dayTeam.get(i),
						new NewEnrollment(dayTrack, today.minusWeeks(1 + i), 8, "MH_IOP"));
			}
			if (!evenings.isEmpty()) {
				int last = evenings.size() - 1;
				enrollments.changeLevelOfCare(manager, eveningTeam.get(last), evenings.get(last), "ASAM_2_5",
						"Two lapses in a week despite full attendance; more structure for two weeks");
			}
		});
		log.info("Seeded the demo program's profile, two tracks and {} enrollments",
				Math.max(0, eveningTeam.size() - 1) + dayTeam.size());
	}

	/** The client records of the demo's portal accounts. */
	private Set<ClientId> portalClients(OrgId org) {
		Set<ClientId> records = new HashSet<>();
		for (String email : new String[] { "client@", "client2@" }) {
			accounts.findByEmail(email + DemoOrganization.EMAIL_DOMAIN)
				.ifPresent(account -> careTeams.clientsOf(org, account)
					.stream()
					.filter(client -> careTeams.relationship(org, account, client) == Relationship.SELF)
					.forEach(records::add));
		}
		return records;
	}


}
