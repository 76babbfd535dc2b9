package health.haven.operations.internal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.records.Amendments;
import health.haven.records.ChartSummaries;
import health.haven.records.Diagnoses;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo client's rights pages with something in them: the chart is seeded by the system and by the clinician's
 * writes, so "who viewed my record" would otherwise show no reads; here the evening clinician opens the demo client's
 * chart summary and diagnoses, and the program director the chart summary, through the records services (so decided
 * and audited as those people, exactly as the pages would); and the demo client asks for one amendment. Once per
 * database: skipped when the demo client has an amendment request already. Runs after the other demo seeders.
 */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
@Order(Ordered.LOWEST_PRECEDENCE)
class DemoRights {

	private static final Logger log = LoggerFactory.getLogger(DemoRights.class);

	private final JdbcClient db;

	private final TenantWork work;

	private final Accounts accounts;

	private final CareTeams careTeams;

	private final ChartSummaries charts;

	private final Diagnoses diagnoses;

	private final Amendments amendments;

	DemoRights(JdbcClient db, TenantWork work, Accounts accounts, CareTeams careTeams, ChartSummaries charts,
			Diagnoses diagnoses, Amendments amendments) {
		this.db = db;
		this.work = work;
		this.accounts = accounts;
		this.careTeams = careTeams;
		this.charts = charts;
		this.diagnoses = diagnoses;
		this.amendments = amendments;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.LOWEST_PRECEDENCE)
	void seed() {
		Optional<UUID> demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).optional();
		Optional<UserId> clientAccount = accounts.findByEmail("client@" + DemoOrganization.EMAIL_DOMAIN);
		Optional<UserId> clinician = accounts.findByEmail("clinician@" + DemoOrganization.EMAIL_DOMAIN);
		Optional<UserId> director = accounts.findByEmail("director@" + DemoOrganization.EMAIL_DOMAIN);
		if (demo.isEmpty() || clientAccount.isEmpty() || clinician.isEmpty() || director.isEmpty()) {
			return;
		}
		OrgId org = new OrgId(demo.get());
		Optional<ClientId> own = careTeams.clientsOf(org, clientAccount.get())
			.stream()
			.filter(client -> careTeams.relationship(org, clientAccount.get(), client) == Relationship.SELF)
			.findFirst();
		if (own.isEmpty() || work.reading(org, () -> db
			.sql("SELECT count(*) FROM records.amendment_request WHERE client_id = ?")
			.param(own.get().value())
			.query(Long.class)
			.single()) > 0) {
			return;
		}
		ClientId client = own.get();
		Actor eveningClinician = new Actor(org, clinician.get(), Set.of(Role.CLINICIAN), null, "127.0.0.1");
		Actor programDirector = new Actor(org, director.get(), Set.of(Role.PROGRAM_DIRECTOR, Role.CLINICIAN), null,
				"127.0.0.1");
		charts.of(eveningClinician, client, Purpose.TREATMENT);
		diagnoses.of(eveningClinician, client, Purpose.TREATMENT);
		charts.of(programDirector, client, Purpose.TREATMENT);
		amendments.request(new Actor(org, clientAccount.get(), Set.of(Role.CLIENT), null, "127.0.0.1"), client,
				"My emergency contact's phone number is out of date.",
				"My sister moved and has a new number; I can give it at my next session.");
		log.info("Seeded chart reads and an amendment request for the demo client");
	}

}
