package health.haven.operations.internal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.records.Documents;
import health.haven.records.QuestionnaireSchedules;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
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
 * What makes the demo client's portal worth opening: a weekly PHQ-9 due today and a welcome letter shared with them,
 * both by their own clinician (their treatment plan to sign and their released notes come from {@link DemoChart}).
 * Written through the records services as that clinician; once per database (skipped when any questionnaire is
 * assigned in the demo organization).
 */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
class DemoPortal {

	private static final Logger log = LoggerFactory.getLogger(DemoPortal.class);

	private final JdbcClient db;

	private final TenantWork work;

	private final Accounts accounts;

	private final CareTeams careTeams;

	private final DemoPeople people;

	private final QuestionnaireSchedules schedules;

	private final Documents documents;

	DemoPortal(JdbcClient db, TenantWork work, Accounts accounts, CareTeams careTeams, DemoPeople people,
			QuestionnaireSchedules schedules, Documents documents) {
		this.db = db;
		this.work = work;
		this.accounts = accounts;
		this.careTeams = careTeams;
		this.people = people;
		this.schedules = schedules;
		this.documents = documents;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		Optional<UUID> demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).optional();
		Optional<UserId> account = accounts.findByEmail("client@" + DemoOrganization.EMAIL_DOMAIN);
		if (demo.isEmpty() || account.isEmpty()) {
			return;
		}
		OrgId org = new OrgId(demo.get());
		if (work.reading(org,
				() -> db.sql("SELECT count(*) FROM records.measure_assignment").query(Long.class).single()) > 0) {
			return;
		}
		Optional<ClientId> client = careTeams.clientsOf(org, account.get())
			.stream()
			.filter(id -> careTeams.relationship(org, account.get(), id) == Relationship.SELF)
			.findFirst();
		Optional<Actor> clinician = client.flatMap(id -> clinicianOf(org, id));
		if (client.isEmpty() || clinician.isEmpty()) {
			return;
		}
		schedules.assign(clinician.get(), client.get(), "PHQ-9", 7, LocalDate.now(), "GENERAL");
		UUID letter = documents.upload(clinician.get(), client.get(), "Welcome to the program", "CORRESPONDENCE",
				"GENERAL", welcomeLetter());
		documents.share(clinician.get(), client.get(), letter.toString());
		log.info("Seeded the demo client's portal: a weekly PHQ-9 due today and a shared welcome letter");
	}

	private Optional<Actor> clinicianOf(OrgId org, ClientId client) {
		for (String email : new String[] { "clinician@", "clinician2@" }) {
			Optional<UserId> user = accounts.findByEmail(email + DemoOrganization.EMAIL_DOMAIN);
			if (user.isPresent() && people.ownClients(org, user.get()).contains(client)) {
				return Optional.of(new Actor(org, user.get(), Set.of(Role.CLINICIAN), null, "127.0.0.1"));
			}
		}
		return Optional.empty();
	}

	/** A one-page PDF (hand-written, so no PDF library is needed): fictional, for the demo only. */
	static byte[] welcomeLetter() {
		String text = "BT /F1 14 Tf 72 720 Td (Welcome to the Adult IOP. Your sessions, plan and notes are in Haven.) Tj ET";
		String[] objects = { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
				"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
						+ "/Resources << /Font << /F1 5 0 R >> >> >>",
				"<< /Length " + text.length() + " >>\nstream\n" + text + "\nendstream",
				"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>" };
		StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
		int[] offsets = new int[objects.length];
		for (int i = 0; i < objects.length; i++) {
			offsets[i] = pdf.length();
			pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
		}
		int xref = pdf.length();
		pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
		for (int offset : offsets) {
			pdf.append(String.format("%010d 00000 n \n", offset));
		}
		pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n")
			.append(xref).append("\n%%EOF\n");
		return pdf.toString().getBytes(StandardCharsets.US_ASCII);
	}

}
