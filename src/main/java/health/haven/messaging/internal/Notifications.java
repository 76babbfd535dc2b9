package health.haven.messaging.internal;

import health.haven.identity.Accounts;
import health.haven.messaging.CommunicationPreferences;
import health.haven.messaging.Preferences;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import jakarta.mail.internet.InternetAddress;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Notification e-mail for new messages, through an outbox: a send queues "something new is waiting" for each person
 * who should hear of it, in the send's own transaction, due now or when their quiet hours end; a sweep mails what is
 * due. One notice per person waits at a time, however many messages arrive before it goes.
 *
 * <p><b>No PHI in e-mail</b> (REGULATIONS.md SEC-TS-01): the text is fixed, {@link #SUBJECT} and {@link #body}, and
 * takes nothing from the message, the thread or the person, not even their name: only a link to Haven. Without an
 * SMTP relay configured ({@code HAVEN_SMTP_HOST}), notices are logged by id and never sent.
 */
@Component
public class Notifications {

	private static final Logger log = LoggerFactory.getLogger(Notifications.class);

	public static final String SUBJECT = "Something new is waiting for you in Haven";

	private static final int ATTEMPTS = 5;

	private final JdbcClient db;

	private final TenantWork work;

	private final CommunicationPreferences preferences;

	private final Accounts accounts;

	private final ObjectProvider<JavaMailSender> mail;

	private final String smtpHost;

	private final String from;

	private final String portalUrl;

	private final org.springframework.core.env.Environment environment;

	Notifications(JdbcClient db, TenantWork work, CommunicationPreferences preferences, Accounts accounts,
			ObjectProvider<JavaMailSender> mail, @Value("${spring.mail.host:}") String smtpHost,
			@Value("${haven.messaging.mail-from:Haven <no-reply@haven.invalid>}") String from,
			@Value("${haven.messaging.portal-url:}") String portalUrl, org.springframework.core.env.Environment environment) {
		this.db = db;
		this.work = work;
		this.preferences = preferences;
		this.accounts = accounts;
		this.mail = mail;
		this.smtpHost = smtpHost == null ? "" : smtpHost.strip();
		this.from = from;
		this.portalUrl = portalUrl == null || portalUrl.isBlank() ? null : portalUrl.strip().replaceAll("/+$", "");
		this.environment = environment;
	}

	/** The whole text of every notification: a fixed sentence and a link, nothing about anyone. */
	public String body() {
		String base = portalUrl != null ? portalUrl
				: "https://localhost:" + environment.getProperty("local.server.port", "8443");
		return "You have something new waiting in Haven.\n\nSign in to read it: " + base + "/messages\n\n"
				+ "For your privacy, Haven never puts health information in e-mail.\n"
				+ "Messages are not monitored around the clock. If you are in crisis, call or text 988 "
				+ "(Suicide & Crisis Lifeline) or call 911.\n";
	}

	/**
	 * Queues a notice for each recipient who wants e-mail, in the caller's transaction (so it exists exactly when the
	 * message does). Someone with a notice already waiting gets no second one.
	 */
	public void queue(OrgId org, Collection<UserId> recipients, Instant now) {
		for (UserId recipient : recipients) {
			Preferences wanted = preferences.of(org, recipient);
			if (!wanted.mayEmail()) {
				continue;
			}
			db.sql("""
					INSERT INTO messaging.notification (id, org_id, user_id, due_at) VALUES (?, ?, ?, ?)
					ON CONFLICT (org_id, user_id) WHERE sent_at IS NULL DO NOTHING""")
				.params(UUID.randomUUID(), org.value(), recipient.value(),
						Timestamp.from(CommunicationPreferences.dueAt(wanted, now)))
				.update();
		}
	}

	@Scheduled(initialDelayString = "${haven.messaging.notification-sweep:PT15S}",
			fixedDelayString = "${haven.messaging.notification-sweep:PT15S}")
	void sweep() {
		try {
			deliverDue();
		}
		catch (RuntimeException ex) {
			log.warn("The notification sweep failed: {}", ex.getClass().getSimpleName());
		}
	}

	/** Mails every notice that is due, organization by organization; returns how many went out. */
	public int deliverDue() {
		int sent = 0;
		for (UUID org : db.sql("SELECT org_id FROM messaging.tenant ORDER BY org_id").query(UUID.class).list()) {
			sent += deliver(new OrgId(org));
		}
		return sent;
	}

	/**
	 * Claims the due notices in one short transaction (they stop being pending, so a new message queues a new notice
	 * without waiting), mails them with no transaction open, then records each outcome.
	 */
	private int deliver(OrgId org) {
		List<Due> due = work.inTransaction(org, () -> db.sql("""
				UPDATE messaging.notification SET sent_at = now(), outcome = 'SENDING'
				WHERE id IN (SELECT id FROM messaging.notification WHERE sent_at IS NULL AND due_at <= now()
				             ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED)
				RETURNING id, user_id, attempts""")
			.query((rs, n) -> new Due(rs.getObject(1, UUID.class), new UserId(rs.getObject(2, UUID.class)),
					rs.getInt(3)))
			.list());
		int sent = 0;
		for (Due notice : due) {
			String outcome = outcome(org, notice);
			work.inTransaction(org, () -> {
				if (outcome != null) {
					db.sql("UPDATE messaging.notification SET outcome = ?, attempts = attempts + 1 WHERE id = ?")
						.params(outcome, notice.id())
						.update();
					return;
				}
				// Try again later, unless a newer notice for the person is already waiting (it will say the same).
				int retried = db.sql("""
						UPDATE messaging.notification n SET sent_at = NULL, outcome = NULL, attempts = attempts + 1,
						    due_at = now() + ?::interval
						WHERE id = ? AND NOT EXISTS (SELECT 1 FROM messaging.notification p
						                             WHERE p.user_id = n.user_id AND p.sent_at IS NULL)""")
					.params(Duration.ofMinutes(1L << Math.min(notice.attempts(), 6)).toSeconds() + " seconds",
							notice.id())
					.update();
				if (retried == 0) {
					db.sql("UPDATE messaging.notification SET outcome = 'FAILED', attempts = attempts + 1 WHERE id = ?")
						.param(notice.id())
						.update();
				}
			});
			sent += "SENT".equals(outcome) ? 1 : 0;
		}
		return sent;
	}

	/** What became of one notice, or null to try again later. */
	private String outcome(OrgId org, Due notice) {
		if (!preferences.of(org, notice.user()).mayEmail()) {
			return "WITHDRAWN";
		}
		Optional<String> address = accounts.activeEmail(org, notice.user());
		if (address.isEmpty()) {
			return "NO_ADDRESS";
		}
		JavaMailSender sender = mail.getIfAvailable();
		if (smtpHost.isEmpty() || sender == null) {
			log.info("Notification {} not e-mailed: no SMTP relay is configured (HAVEN_SMTP_HOST)", notice.id());
			return "NOT_CONFIGURED";
		}
		try {
			SimpleMailMessage message = new SimpleMailMessage();
			message.setFrom(from);
			message.setTo(new InternetAddress(address.get(), true).getAddress());
			message.setSubject(SUBJECT);
			message.setText(body());
			sender.send(message);
			return "SENT";
		}
		catch (MailException | jakarta.mail.internet.AddressException ex) {
			log.warn("Notification {} could not be e-mailed (attempt {}): {}", notice.id(), notice.attempts() + 1,
					ex.getClass().getSimpleName());
			return notice.attempts() + 1 >= ATTEMPTS ? "FAILED" : null;
		}
	}

	private record Due(UUID id, UserId user, int attempts) {
	}

}
