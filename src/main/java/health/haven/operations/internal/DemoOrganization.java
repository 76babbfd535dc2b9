package health.haven.operations.internal;

import health.haven.shared.PrivateFiles;
import health.haven.identity.Accounts;
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
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.SerializationFeature;

/**
 * Seeds the demo organization for {@code ./haven run --demo}: one account per role, with generated passwords written
 * to {@code $HAVEN_DATA_DIR/demo-credentials.json} (mode 0600, format in DESIGN.md section 4). Runs only on a
 * loopback bind (the launcher decides) and only once per database.
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
			new DemoPerson("facilitator", "Alex Facilitator", Set.of(Role.FACILITATOR)),
			new DemoPerson("director", "Morgan Director", Set.of(Role.PROGRAM_DIRECTOR, Role.CLINICIAN)),
			new DemoPerson("billing", "Casey Billing", Set.of(Role.BILLING)),
			new DemoPerson("frontdesk", "Taylor Frontdesk", Set.of(Role.FRONT_DESK)),
			new DemoPerson("privacy", "Jamie Privacy", Set.of(Role.COMPLIANCE_OFFICER)),
			new DemoPerson("admin", "Drew Admin", Set.of(Role.ORG_ADMIN)),
			new DemoPerson("auditor", "Quinn Auditor", Set.of(Role.AUDITOR)));

	static final String EMAIL_DOMAIN = "demo.haven.test";

	static final ActorRef SEEDER = ActorRef.system("demo-seed");

	private final Accounts accounts;

	private final JdbcClient db;

	private final TransactionTemplate transaction;

	private final Path dataDir;

	DemoOrganization(Accounts accounts, JdbcClient db, TransactionTemplate transaction,
			@Value("${haven.data-dir}") Path dataDir) {
		this.accounts = accounts;
		this.db = db;
		this.transaction = transaction;
		this.dataDir = dataDir;
	}

	@Override
	public void run(ApplicationArguments args) {
		transaction.executeWithoutResult(status -> {
			if (db.sql("SELECT count(*) FROM operations.demo_seed").query(Integer.class).single() > 0) {
				return;
			}
			OrgId org = accounts.createOrganization(SEEDER, "Haven Demo Clinic", "demo");
			List<Map<String, Object>> credentials = new ArrayList<>();
			for (DemoPerson person : PEOPLE) {
				String email = person.login() + "@" + EMAIL_DOMAIN;
				String password = SecretFiles.randomToken(15);
				accounts.open(SEEDER, new NewAccount(org, email, person.displayName(), password, person.roles()));
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("username", email);
				entry.put("password", password);
				entry.put("roles", person.roles().stream().map(Role::name).sorted().toList());
				entry.put("displayName", person.displayName());
				credentials.add(entry);
			}
			db.sql("INSERT INTO operations.demo_seed (org_id) VALUES (?)").param(org.value()).update();
			writeCredentials(credentials);
			log.info("Seeded the demo organization {} with {} accounts", org, credentials.size());
		});
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
