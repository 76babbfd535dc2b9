package health.haven.operations.internal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.messaging.Messages;
import health.haven.messaging.NewThread;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
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
 * A few secure-message threads so that the demo portal looks lived in: client@ asks the evening team about a missed
 * group and the facilitator answers (one reply unread), the clinician writes to client@ about homework, and the
 * clinician and facilitator discuss client@ among staff (never shown to the client). Everything goes through
 * {@link Messages}, as people would send it. Skipped when the clinician already sees threads. Logs counts only.
 */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
class DemoMessages {

	private static final Logger log = LoggerFactory.getLogger(DemoMessages.class);

	private final JdbcClient db;

	private final Accounts accounts;

	private final Messages messages;

	private final CareTeams careTeams;

	DemoMessages(JdbcClient db, Accounts accounts, Messages messages, CareTeams careTeams) {
		this.db = db;
		this.accounts = accounts;
		this.messages = messages;
		this.careTeams = careTeams;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		Optional<UUID> demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).optional();
		Optional<UserId> client = person("client");
		Optional<UserId> clinician = person("clinician");
		Optional<UserId> facilitator = person("facilitator");
		if (demo.isEmpty() || client.isEmpty() || clinician.isEmpty() || facilitator.isEmpty()) {
			return;
		}
		OrgId org = new OrgId(demo.get());
		Actor riley = new Actor(org, client.get(), Set.of(Role.CLIENT), null, "127.0.0.1");
		Actor sam = new Actor(org, clinician.get(), Set.of(Role.CLINICIAN), null, "127.0.0.1");
		Actor alex = new Actor(org, facilitator.get(), Set.of(Role.FACILITATOR), null, "127.0.0.1");
		if (!messages.threadsFor(sam).isEmpty()) {
			return;
		}
		Optional<ClientId> record = careTeams.clientsOf(org, client.get())
			.stream()
			.filter(c -> careTeams.relationship(org, client.get(), c) == Relationship.SELF)
			.findFirst();
		if (record.isEmpty() || careTeams.relationship(org, clinician.get(), record.get()) != Relationship.CARE_TEAM) {
			return;
		}
		UUID missed = messages.start(riley, new NewThread(null, null, "Missed Tuesday's group",
				"Hi, I could not make it on Tuesday because of a late shift. Is there anything I should catch up on "
						+ "before Thursday?", null));
		messages.reply(alex, missed.toString(), "Thanks for letting us know. We worked on the coping-skills "
				+ "worksheet; I will bring a copy on Thursday. See you then.", null);
		UUID homework = messages.start(sam, new NewThread(record.get().toString(), "CLIENT_TEAM",
				"Your practice for this week", "Hi Riley, as we discussed: try the 5-minute breathing exercise each "
						+ "evening and note how you feel before and after. Bring your notes to our next session.",
				null));
		messages.reply(riley, homework.toString(), "Will do, thank you!", null);
		messages.start(sam, new NewThread(record.get().toString(), "STAFF", "Riley's schedule",
				"Riley mentioned late shifts on Tuesdays. Could we offer the Wednesday evening group instead?", null));
		log.info("Seeded 3 demo message threads");
	}

	private Optional<UserId> person(String login) {
		return accounts.findByEmail(login + "@" + DemoOrganization.EMAIL_DOMAIN);
	}

}
