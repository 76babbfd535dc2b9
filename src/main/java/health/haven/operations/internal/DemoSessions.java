package health.haven.operations.internal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.CareTeams.ProgramSummary;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.scheduling.NewGroupSeries;
import health.haven.scheduling.NewIndividualSession;
import health.haven.scheduling.Programs;
import health.haven.scheduling.SessionPlanner;
import health.haven.scheduling.Track;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.LocalDate;
import java.time.ZoneId;
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
 * The demo's schedule: both tracks' groups for the next two weeks (the evening group run by the facilitator with the
 * evening clinician as co-facilitator, the day group by the day clinician) and one individual session tomorrow at
 * 11:00 between the evening clinician and the client whose portal account is client@. Written through the scheduling
 * services, once per database: skipped when the demo organization has any session.
 */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
class DemoSessions {

	private static final Logger log = LoggerFactory.getLogger(DemoSessions.class);

	private final JdbcClient db;

	private final TenantWork work;

	private final Accounts accounts;

	private final CareTeams careTeams;

	private final Programs programs;

	private final SessionPlanner planner;

	private final DemoProgram program;

	DemoSessions(JdbcClient db, TenantWork work, Accounts accounts, CareTeams careTeams, Programs programs,
			SessionPlanner planner, DemoProgram program) {
		this.db = db;
		this.work = work;
		this.accounts = accounts;
		this.careTeams = careTeams;
		this.programs = programs;
		this.planner = planner;
		this.program = program;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		// The tracks come first; the program's seeding skips itself when it has already run.
		program.seed();
		Optional<UUID> demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).optional();
		Optional<UserId> director = person("director");
		Optional<UserId> facilitator = person("facilitator");
		Optional<UserId> evening = person("clinician");
		Optional<UserId> day = person("clinician2");
		Optional<UserId> client = person("client");
		if (demo.isEmpty() || director.isEmpty() || facilitator.isEmpty() || evening.isEmpty() || day.isEmpty()
				|| client.isEmpty()) {
			return;
		}
		OrgId org = new OrgId(demo.get());
		Optional<UUID> programId = careTeams.programs(org).stream().map(ProgramSummary::id).findFirst();
		if (programId.isEmpty() || work.reading(org,
				() -> db.sql("SELECT count(*) FROM scheduling.session").query(Long.class).single()) > 0) {
			return;
		}
		Actor manager = new Actor(org, director.get(), Set.of(Role.PROGRAM_DIRECTOR, Role.CLINICIAN), null,
				"127.0.0.1");
		Actor clinician = new Actor(org, evening.get(), Set.of(Role.CLINICIAN), null, "127.0.0.1");
		Optional<ClientId> own = careTeams.clientsOf(org, client.get())
			.stream()
			.filter(c -> careTeams.relationship(org, client.get(), c) == Relationship.SELF)
			.findFirst();
		LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
		int groups = 0;
		for (Track track : programs.find(manager, programId.get()).tracks()) {
			boolean evenings = track.name().contains("evening");
			groups += planner.scheduleGroup(manager, programId.get(), track.id(),
					new NewGroupSeries(today, today.plusDays(13), evenings ? facilitator.get() : day.get(),
							evenings ? evening.get() : null, null, null, null, null))
				.sessions()
				.size();
		}
		own.ifPresent(c -> planner.scheduleIndividual(clinician,
				new NewIndividualSession(c, today.plusDays(1).atTime(11, 0), 50)));
		log.info("Seeded the demo schedule: {} group sessions over two weeks and {} individual session", groups,
				own.isPresent() ? 1 : 0);
	}

	private Optional<UserId> person(String login) {
		return accounts.findByEmail(login + "@" + DemoOrganization.EMAIL_DOMAIN);
	}

}
