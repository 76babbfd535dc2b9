package health.haven.operations.internal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.LicenseType;
import health.haven.identity.NewLicense;
import health.haven.identity.Role;
import health.haven.identity.StaffLicenses;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo's staff licenses, recorded by the demo's administrator: the evening team is licensed where its clients
 * live (Texas, Oklahoma, New Mexico), the day clinician in California and New Mexico, so that a telehealth session
 * with a demo client passes the license gate, and one joining from a state nobody holds (say Florida) shows how the
 * gate refuses. Skipped when the demo has licenses already.
 */
@Component
class DemoLicenses {

	private static final Logger log = LoggerFactory.getLogger(DemoLicenses.class);

	private static final Map<String, List<String>> HELD = Map.of("clinician", List.of("TX", "OK"), "facilitator",
			List.of("TX", "OK", "NM"), "clinician2", List.of("CA", "NM"), "director", List.of("TX", "CA"));

	private final JdbcClient db;

	private final TenantWork work;

	private final Accounts accounts;

	private final StaffLicenses licenses;

	DemoLicenses(JdbcClient db, TenantWork work, Accounts accounts, StaffLicenses licenses) {
		this.db = db;
		this.work = work;
		this.accounts = accounts;
		this.licenses = licenses;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		Optional<UUID> demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).optional();
		Optional<UserId> admin = person("admin");
		if (demo.isEmpty() || admin.isEmpty()) {
			return;
		}
		OrgId org = new OrgId(demo.get());
		if (work.reading(org, () -> db.sql("SELECT count(*) FROM identity.staff_license").query(Long.class).single()) > 0) {
			return;
		}
		Actor administrator = new Actor(org, admin.get(), Set.of(Role.ORG_ADMIN), null, "127.0.0.1");
		LocalDate expires = LocalDate.now().plusYears(2);
		int recorded = 0;
		for (Map.Entry<String, List<String>> held : HELD.entrySet()) {
			Optional<UserId> staff = person(held.getKey());
			if (staff.isEmpty()) {
				continue;
			}
			for (String state : held.getValue()) {
				String number = "DEMO-" + state + "-" + (1000 + recorded);
				licenses.add(administrator, staff.get(), new NewLicense(state,
						held.getKey().equals("facilitator") ? LicenseType.LADC : LicenseType.LCSW, number, expires));
				recorded++;
			}
		}
		log.info("Seeded {} demo staff licenses", recorded);
	}

	private Optional<UserId> person(String login) {
		return accounts.findByEmail(login + "@" + DemoOrganization.EMAIL_DOMAIN);
	}

}
