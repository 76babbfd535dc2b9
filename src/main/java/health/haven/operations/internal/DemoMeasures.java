package health.haven.operations.internal;

import health.haven.identity.Accounts;
import health.haven.records.Instrument;
import health.haven.records.Measures;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * PHQ-9 and GAD-7 histories for the demo: six weekly questionnaires for each client of the day team, improving over
 * the weeks, and one client whose latest PHQ-9 answered item 9 above 0, so that the day team's clinician and the
 * program director see an open safety alert. Kept apart from {@link DemoOrganization} and run once the application is
 * ready (after every runner, so after the demo organization exists), once per database.
 */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
class DemoMeasures {

	private static final Logger log = LoggerFactory.getLogger(DemoMeasures.class);

	private final JdbcClient db;

	private final TenantWork work;

	private final Accounts accounts;

	private final DemoPeople people;

	private final Measures measures;

	DemoMeasures(JdbcClient db, TenantWork work, Accounts accounts, DemoPeople people, Measures measures) {
		this.db = db;
		this.work = work;
		this.accounts = accounts;
		this.people = people;
		this.measures = measures;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		Optional<UUID> demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).optional();
		Optional<UserId> dayClinician = accounts.findByEmail("clinician2@" + DemoOrganization.EMAIL_DOMAIN);
		if (demo.isEmpty() || dayClinician.isEmpty()) {
			return;
		}
		OrgId org = new OrgId(demo.get());
		if (work.reading(org, () -> db.sql("SELECT count(*) FROM records.measure").query(Long.class).single()) > 0) {
			return;
		}
		List<ClientId> dayTeam = people.ownClients(org, dayClinician.get());
		ActorRef seeder = DemoOrganization.SEEDER;
		Instant now = Instant.now();
		for (int c = 0; c < dayTeam.size(); c++) {
			for (int week = 0; week < 6; week++) {
				Instant at = now.minus(Duration.ofDays(7L * (6 - week))).plus(Duration.ofHours(c));
				int level = Math.max(0, 3 - week / 2 - c % 2);
				measures.recordTaken(seeder, org, dayTeam.get(c), Instrument.PHQ9,
						List.of(level, level, Math.min(3, level + 1), level, Math.max(0, level - 1), level, level, 0, 0),
						at);
				measures.recordTaken(seeder, org, dayTeam.get(c), Instrument.GAD7,
						List.of(level, level, level, Math.max(0, level - 1), 0, level, 0), at);
			}
		}
		if (!dayTeam.isEmpty()) {
			measures.recordTaken(seeder, org, dayTeam.get(0), Instrument.PHQ9, List.of(2, 3, 2, 2, 1, 2, 1, 1, 1),
					now.minus(Duration.ofHours(2)));
		}
		log.info("Seeded PHQ-9 and GAD-7 histories for {} demo clients, one with an open safety task", dayTeam.size());
	}

}
