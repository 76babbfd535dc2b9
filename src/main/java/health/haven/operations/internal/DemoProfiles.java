package health.haven.operations.internal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.ClientProfile.Demographics;
import health.haven.records.ClientProfile.Insurance;
import health.haven.records.ClientProfiles;
import health.haven.records.ProfileChange;
import health.haven.records.RiskFlag;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
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
 * Profiles for the twelve demo clients: preferred names and pronouns for some, an emergency contact for each,
 * insurance for most (a few are self-pay), written by each client's own clinician; insurance by billing. The day-team
 * client whose latest PHQ-9 answered item 9 (see {@link DemoMeasures}: the first of the day team in id order) carries
 * a suicide-risk flag, and one evening (substance use) client an overdose-risk flag. Written through the records
 * services (sealed, decided and audited as those people), in one transaction, once per database.
 */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
class DemoProfiles {

	private static final Logger log = LoggerFactory.getLogger(DemoProfiles.class);

	/** Per client in team order: preferred name, pronouns, emergency contact name, relationship, phone. */
	private static final List<Demographics> DEMOGRAPHICS = List.of(
			new Demographics("Ri", "she/her", "Pat Example", "spouse", "+1 512 555 0201"),
			new Demographics(null, "he/him", "Chris Sample", "brother", "+1 512 555 0202"),
			new Demographics("Ave", "they/them", "Robin Placeholder", "friend", "+1 405 555 0203"),
			new Demographics(null, null, "Sam Testcase", "mother", "+1 512 555 0204"),
			new Demographics("Kota", "she/they", "Jamie Fictional", "partner", "+1 505 555 0205"),
			new Demographics(null, "he/him", "Lee Madeup", "father", "+1 512 555 0206"));

	private static final List<Insurance> INSURANCE = List.of(
			new Insurance("Lone Star Health Plan", "LSH-104220", "G-7710", "SELF"),
			new Insurance("Prairie Mutual", "PM-889301", null, "SPOUSE"), Insurance.NONE,
			new Insurance("Southwest Medicaid", "SWM-55012", null, "SELF"),
			new Insurance("Pacific Coast Health", "PCH-300917", "G-2044", "CHILD"), Insurance.NONE);

	private final JdbcClient db;

	private final TenantWork work;

	private final Accounts accounts;

	private final DemoPeople people;

	private final ClientProfiles profiles;

	DemoProfiles(JdbcClient db, TenantWork work, Accounts accounts, DemoPeople people, ClientProfiles profiles) {
		this.db = db;
		this.work = work;
		this.accounts = accounts;
		this.people = people;
		this.profiles = profiles;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		Optional<UUID> demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).optional();
		Optional<UserId> evening = accounts.findByEmail("clinician@" + DemoOrganization.EMAIL_DOMAIN);
		Optional<UserId> day = accounts.findByEmail("clinician2@" + DemoOrganization.EMAIL_DOMAIN);
		Optional<UserId> billing = accounts.findByEmail("billing@" + DemoOrganization.EMAIL_DOMAIN);
		if (demo.isEmpty() || evening.isEmpty() || day.isEmpty() || billing.isEmpty()) {
			return;
		}
		OrgId org = new OrgId(demo.get());
		if (work.reading(org,
				() -> db.sql("SELECT count(*) FROM records.client_profile").query(Long.class).single()) > 0) {
			return;
		}
		Actor billingActor = actor(org, billing.get(), Role.BILLING);
		List<ClientId> eveningTeam = people.ownClients(org, evening.get());
		List<ClientId> dayTeam = people.ownClients(org, day.get());
		// One transaction: a demo with half its profiles would be skipped by the check above on the next start.
		work.inTransaction(org, () -> {
			for (int i = 0; i < eveningTeam.size(); i++) {
				profile(actor(org, evening.get(), Role.CLINICIAN), billingActor, eveningTeam.get(i), i,
						i == 1 ? List.of(new RiskFlag(RiskFlag.Kind.OVERDOSE_RISK,
								"Opioid use disorder; naloxone kit given at intake")) : List.of());
			}
			for (int i = 0; i < dayTeam.size(); i++) {
				profile(actor(org, day.get(), Role.CLINICIAN), billingActor, dayTeam.get(i), i + 3,
						i == 0 ? List.of(new RiskFlag(RiskFlag.Kind.SUICIDE_RISK,
								"PHQ-9 item 9 positive; safety plan reviewed")) : List.of());
			}
		});
		log.info("Seeded profiles for {} demo clients, two with a risk flag", eveningTeam.size() + dayTeam.size());
	}

	private void profile(Actor clinician, Actor billing, ClientId client, int index, List<RiskFlag> flags) {
		int version = profiles.change(clinician, client,
				new ProfileChange(0, DEMOGRAPHICS.get(index % DEMOGRAPHICS.size()), null, flags));
		Insurance insurance = INSURANCE.get(index % INSURANCE.size());
		if (insurance != Insurance.NONE) {
			profiles.change(billing, client, new ProfileChange(version, null, insurance, null));
		}
	}


	private static Actor actor(OrgId org, UserId user, Role role) {
		return new Actor(org, user, Set.of(role), null, "127.0.0.1");
	}

}
