package health.haven.messaging;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.shared.ActorRef;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * How long an organization keeps messages, and the purge that voids those past it. Messages are part of the clinical
 * record; HIPAA's documentation clock is 6 years (REGULATIONS.md ADM-DOC-01, PRV-RT-01) and medical-record periods
 * come from state law, commonly 7 to 10 years for adults, so the default is 7 and nothing below 6 is accepted.
 *
 * <p>Void, don't delete: a purged message is marked {@code RETENTION_EXPIRED} and no longer shown or counted; its
 * sealed bytes stay until the client's key is shredded (crypto-shredding ends them for good). Each purge that voids
 * anything is audited per organization with the count.
 */
@Service
public class MessageRetention {

	private static final Logger log = LoggerFactory.getLogger(MessageRetention.class);

	public static final int DEFAULT_YEARS = 7;

	public static final int FEWEST_YEARS = 6;

	public static final int MOST_YEARS = 30;

	private static final ActorRef PURGE = ActorRef.system("message-retention");

	private final JdbcClient db;

	private final TenantWork work;

	private final AuditTrail audit;

	MessageRetention(JdbcClient db, TenantWork work, AuditTrail audit) {
		this.db = db;
		this.work = work;
		this.audit = audit;
	}

	public int yearsFor(OrgId org) {
		return work.reading(org, () -> db.sql("SELECT keep_years FROM messaging.retention_policy WHERE org_id = ?")
			.param(org.value())
			.query(Integer.class)
			.optional()
			.orElse(DEFAULT_YEARS));
	}

	/** Changes the organization's retention (organization admins only); audited as a configuration change. */
	public void change(Actor actor, int years) {
		if (!actor.has(Role.ORG_ADMIN)) {
			throw new HavenException("MESSAGING_RETENTION_ADMIN_ONLY", Kind.FORBIDDEN,
					"only an organization admin sets how long messages are kept");
		}
		if (years < FEWEST_YEARS || years > MOST_YEARS) {
			throw new HavenException("MESSAGING_RETENTION_OUT_OF_RANGE", Kind.BAD_REQUEST,
					"messages are kept between 6 and 30 years");
		}
		work.inTransaction(actor.org(), () -> {
			db.sql("""
					INSERT INTO messaging.retention_policy (org_id, keep_years, changed_by) VALUES (?, ?, ?)
					ON CONFLICT (org_id) DO UPDATE SET keep_years = excluded.keep_years,
					    changed_by = excluded.changed_by, changed_at = now()""")
				.params(actor.org().value(), years, actor.user().value())
				.update();
			audit.record(AuditEntry.of(actor.ref(), AuditAction.CONFIGURATION_CHANGED, Purpose.OPERATIONS)
				.org(actor.org())
				.resource("message_retention", actor.org().toString())
				.detail("keepYears", Integer.toString(years))
				.build());
		});
	}

	@Scheduled(initialDelayString = "${haven.messaging.retention-sweep:PT6H}",
			fixedDelayString = "${haven.messaging.retention-sweep:PT6H}")
	void sweep() {
		try {
			int voided = purge(Instant.now());
			if (voided > 0) {
				log.info("Voided {} messages past their organization's retention", voided);
			}
		}
		catch (RuntimeException ex) {
			log.warn("The message retention purge failed: {}", ex.getClass().getSimpleName());
		}
	}

	/** Voids, in every organization, the messages older than its retention as of {@code now}; returns how many. */
	public int purge(Instant now) {
		int total = 0;
		for (UUID org : db.sql("SELECT org_id FROM messaging.tenant ORDER BY org_id").query(UUID.class).list()) {
			total += purge(new OrgId(org), now);
		}
		return total;
	}

	private int purge(OrgId org, Instant now) {
		return work.inTransaction(org, () -> {
			int years = yearsFor(org);
			Timestamp cutoff = Timestamp.from(now.atOffset(ZoneOffset.UTC).minusYears(years).toInstant());
			int messages = db.sql("""
					UPDATE messaging.message SET voided_at = now(), void_reason = 'RETENTION_EXPIRED'
					WHERE voided_at IS NULL AND sent_at < ?""")
				.param(cutoff)
				.update();
			if (messages == 0) {
				return 0;
			}
			db.sql("""
					UPDATE messaging.attachment a SET voided_at = now() FROM messaging.message m
					WHERE m.id = a.message_id AND m.voided_at IS NOT NULL AND a.voided_at IS NULL""")
				.update();
			int threads = db.sql("""
					UPDATE messaging.thread t SET voided_at = now(), void_reason = 'RETENTION_EXPIRED'
					WHERE t.voided_at IS NULL AND NOT EXISTS (
					    SELECT 1 FROM messaging.message m WHERE m.thread_id = t.id AND m.voided_at IS NULL)""")
				.update();
			audit.record(AuditEntry.of(PURGE, AuditAction.VOID, Purpose.OPERATIONS)
				.org(org)
				.resource("message_retention", org.toString())
				.detail("keepYears", Integer.toString(years))
				.detail("messagesVoided", Integer.toString(messages))
				.detail("threadsVoided", Integer.toString(threads))
				.detail("reason", "RETENTION_EXPIRED")
				.build());
			return messages;
		});
	}

}
