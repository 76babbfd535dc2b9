package health.haven.operations.internal;

import health.haven.shared.PrivateFiles;
import health.haven.identity.Accounts;
import health.haven.identity.CareTeams;
import health.haven.identity.SecondFactors;
import health.haven.records.Clients;
import health.haven.records.NewClient;
import health.haven.shared.ClientId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import health.haven.identity.NewAccount;
import health.haven.shared.OrgId;
import health.haven.identity.Role;
import health.haven.shared.ActorRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.SerializationFeature;

/**
 * Seeds the demo organization for {@code ./haven run --demo}: one account per role (two clinicians, so that each care
 * team has one), every account with TOTP set up, and twelve fictional clients in two care teams of one program. The
 * accounts, passwords and TOTP secrets go to {@code $HAVEN_DATA_DIR/demo-credentials.json} (mode 0600, format in
 * DESIGN.md section 4). Runs only on a loopback bind (the launcher decides), only once per database, and all in one
 * transaction: a failure leaves nothing half-seeded.
 */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
class DemoOrganization implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoOrganization.class);

	static final String CREDENTIALS_FILE = "demo-credentials.json";

	/** The demo's people: fictional names, one account per role of DESIGN.md section 1. */
	static final List<DemoPerson> PEOPLE = List.of(
			new DemoPerson("client", "Riley Client", Set.of(Role.CLIENT)),
			new DemoPerson("client2", "Jordan Client", Set.of(Role.CLIENT)),
			new DemoPerson("clinician", "Dr. Sam Clinician", Set.of(Role.CLINICIAN)),
			new DemoPerson("clinician2", "Dr. Lee Clinician", Set.of(Role.CLINICIAN)),
			new DemoPerson("facilitator", "Alex Facilitator", Set.of(Role.FACILITATOR)),
			new DemoPerson("director", "Morgan Director", Set.of(Role.PROGRAM_DIRECTOR, Role.CLINICIAN)),
			new DemoPerson("billing", "Casey Billing", Set.of(Role.BILLING)),
			new DemoPerson("frontdesk", "Taylor Frontdesk", Set.of(Role.FRONT_DESK)),
			new DemoPerson("privacy", "Jamie Privacy", Set.of(Role.COMPLIANCE_OFFICER)),
			new DemoPerson("admin", "Drew Admin", Set.of(Role.ORG_ADMIN)),
			new DemoPerson("auditor", "Quinn Auditor", Set.of(Role.AUDITOR)));

	/** Twelve fictional clients: the first six in the evening team, the rest in the day team. */
	static final List<NewClient> CLIENTS = List.of(
			new NewClient("Riley Example", LocalDate.of(1988, 3, 14), "TX", "+1 512 555 0101"),
			new NewClient("Jordan Sample", LocalDate.of(1995, 7, 2), "TX", "+1 512 555 0102"),
			new NewClient("Avery Placeholder", LocalDate.of(1979, 11, 23), "OK", "+1 405 555 0103"),
			new NewClient("Cameron Testcase", LocalDate.of(2001, 1, 9), "TX", "+1 512 555 0104"),
			new NewClient("Dakota Fictional", LocalDate.of(1990, 5, 30), "NM", "+1 505 555 0105"),
			new NewClient("Emerson Madeup", LocalDate.of(1984, 9, 17), "TX", "+1 512 555 0106"),
			new NewClient("Finley Invented", LocalDate.of(1972, 12, 4), "CA", "+1 415 555 0107"),
			new NewClient("Harper Imaginary", LocalDate.of(1999, 2, 21), "CA", "+1 415 555 0108"),
			new NewClient("Jesse Notreal", LocalDate.of(1986, 6, 11), "OR", "+1 503 555 0109"),
			new NewClient("Kendall Pretend", LocalDate.of(1993, 8, 28), "WA", "+1 206 555 0110"),
			new NewClient("Logan Storybook", LocalDate.of(1981, 4, 6), "CA", "+1 415 555 0111"),
			new NewClient("Morgan Nobody", LocalDate.of(2003, 10, 15), "NV", "+1 702 555 0112"));

	static final String EMAIL_DOMAIN = "demo.haven.test";

	static final ActorRef SEEDER = ActorRef.system("demo-seed");

	private final Accounts accounts;

	private final SecondFactors factors;

	private final CareTeams careTeams;

	private final Clients clients;

	private final JdbcClient db;

	private final TenantWork work;

	private final Path dataDir;

	DemoOrganization(Accounts accounts, SecondFactors factors, CareTeams careTeams, Clients clients, JdbcClient db,
			TenantWork work, @Value("${haven.data-dir}") Path dataDir) {
		this.accounts = accounts;
		this.factors = factors;
		this.careTeams = careTeams;
		this.clients = clients;
		this.db = db;
		this.work = work;
		this.dataDir = dataDir;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (db.sql("SELECT count(*) FROM operations.demo_seed").query(Integer.class).single() > 0) {
			return;
		}
		OrgId org = OrgId.random();
		List<Map<String, Object>> credentials = work.inTransaction(org, () -> seed(org));
		writeCredentials(credentials);
		log.info("Seeded the demo organization {} with {} accounts and {} clients", org, credentials.size(),
				CLIENTS.size());
	}

	private List<Map<String, Object>> seed(OrgId org) {
		accounts.createOrganization(SEEDER, org, "Haven Demo Clinic", "demo");
		List<Map<String, Object>> credentials = new ArrayList<>();
		Map<String, UserId> people = new LinkedHashMap<>();
		for (DemoPerson person : PEOPLE) {
			String email = person.login() + "@" + EMAIL_DOMAIN;
			String password = SecretFiles.randomToken(15);
			UserId user = accounts.open(SEEDER, new NewAccount(org, email, person.displayName(), password,
					person.roles()));
			people.put(person.login(), user);
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("username", email);
			entry.put("password", password);
			entry.put("roles", person.roles().stream().map(Role::name).sorted().toList());
			entry.put("displayName", person.displayName());
			entry.put("totpSecret", factors.provisionTotp(SEEDER, org, user).secret());
			credentials.add(entry);
		}
		UUID program = careTeams.createProgram(SEEDER, org, "Adult IOP");
		careTeams.addDirector(SEEDER, org, program, people.get("director"));
		UUID evening = careTeams.createCareTeam(SEEDER, org, Optional.of(program), "Evening SUD team");
		UUID day = careTeams.createCareTeam(SEEDER, org, Optional.of(program), "Day mental-health team");
		careTeams.addMember(SEEDER, org, evening, people.get("clinician"));
		careTeams.addMember(SEEDER, org, evening, people.get("facilitator"));
		careTeams.addMember(SEEDER, org, day, people.get("clinician2"));
		for (int i = 0; i < CLIENTS.size(); i++) {
			ClientId client = clients.register(SEEDER, org, CLIENTS.get(i));
			careTeams.assignClient(SEEDER, org, i < CLIENTS.size() / 2 ? evening : day, client);
			if (i == 0) {
				careTeams.linkClientAccount(SEEDER, org, client, people.get("client"));
			}
			if (i == 1) {
				careTeams.linkClientAccount(SEEDER, org, client, people.get("client2"));
			}
		}
		db.sql("INSERT INTO operations.demo_seed (org_id) VALUES (?)").param(org.value()).update();
		return credentials;
	}
	private void writeCredentials(List<Map<String, Object>> credentials) {
		try {
			byte[] json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsBytes(credentials);
			PrivateFiles.write(dataDir.resolve(CREDENTIALS_FILE), json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not write the demo credentials file", ex);
		}
	}

	record DemoPerson(String login, String displayName, Set<Role> roles) {
	}

}
