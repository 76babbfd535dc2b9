package health.haven.messaging;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.identity.Actor;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Each person's communication preferences (e-mail notifications on or off, portal only, quiet hours), which govern
 * every notification Haven sends them. Kept by messaging because messages are what notifications are about; other
 * modules ask {@link #of} before mailing anyone. Only the person changes their own; each change is audited.
 */
@Service
public class CommunicationPreferences {

	private final JdbcClient db;

	private final TenantWork work;

	private final AuditTrail audit;

	private final String defaultZone;

	CommunicationPreferences(JdbcClient db, TenantWork work, AuditTrail audit,
			@Value("${haven.scheduling.default-zone:${HAVEN_SCHEDULING_DEFAULT_ZONE:America/New_York}}") String defaultZone) {
		this.db = db;
		this.work = work;
		this.audit = audit;
		this.defaultZone = defaultZone;
	}

	/** The person's preferences; e-mail on, no quiet hours, the organization's default zone until they choose. */
	public Preferences of(OrgId org, UserId person) {
		return work.reading(org, () -> stored(person)).orElseGet(this::defaults);
	}

	public Preferences defaults() {
		return new Preferences(true, false, null, null, defaultZone);
	}

	/** Changes the signed-in person's own preferences; refused whole when a value is not valid. */
	public Preferences change(Actor actor, Preferences wanted) {
		String zone = zone(wanted.zone());
		if ((wanted.quietStart() == null) != (wanted.quietEnd() == null)) {
			throw new HavenException("MESSAGING_QUIET_HOURS_INCOMPLETE", Kind.BAD_REQUEST,
					"give both the start and the end of your quiet hours, or neither");
		}
		Preferences kept = new Preferences(wanted.emailNotifications(), wanted.portalOnly(),
				wanted.hasQuietHours() ? wanted.quietStart() : null, wanted.hasQuietHours() ? wanted.quietEnd() : null,
				zone);
		work.inTransaction(actor.org(), () -> {
			db.sql("""
					INSERT INTO messaging.preference (user_id, org_id, email_enabled, portal_only, quiet_start, quiet_end, zone)
					VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (user_id) DO UPDATE SET email_enabled = excluded.email_enabled,
					    portal_only = excluded.portal_only, quiet_start = excluded.quiet_start,
					    quiet_end = excluded.quiet_end, zone = excluded.zone, updated_at = now()""")
				.params(actor.user().value(), actor.org().value(), kept.emailNotifications(), kept.portalOnly(),
						kept.quietStart(), kept.quietEnd(), kept.zone())
				.update();
			// A notice already waiting follows the new choice: withdrawn when no mail is wanted any more.
			if (!kept.mayEmail()) {
				db.sql("""
						UPDATE messaging.notification SET sent_at = now(), outcome = 'WITHDRAWN'
						WHERE user_id = ? AND sent_at IS NULL""")
					.param(actor.user().value())
					.update();
			}
			audit.record(AuditEntry.of(actor.ref(), AuditAction.CONFIGURATION_CHANGED, Purpose.OPERATIONS)
				.org(actor.org())
				.resource("communication_preferences", actor.user().toString())
				.detail("emailNotifications", String.valueOf(kept.emailNotifications()))
				.detail("portalOnly", String.valueOf(kept.portalOnly()))
				.detail("quietHours", String.valueOf(kept.hasQuietHours()))
				.build());
		});
		return kept;
	}

	/**
	 * When a notice for this person created now may be mailed: now, or the end of their quiet hours when now falls in
	 * them (quiet hours may run past midnight, e.g. 21:00 to 07:00).
	 */
	public static Instant dueAt(Preferences preferences, Instant now) {
		if (!preferences.hasQuietHours()) {
			return now;
		}
		ZoneId zone = ZoneId.of(preferences.zone());
		ZonedDateTime local = now.atZone(zone);
		LocalTime time = local.toLocalTime();
		LocalTime start = preferences.quietStart();
		LocalTime end = preferences.quietEnd();
		boolean quiet = start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
				: !time.isBefore(start) || time.isBefore(end);
		if (!quiet) {
			return now;
		}
		LocalDate day = time.isBefore(end) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
		return ZonedDateTime.of(day, end, zone).toInstant();
	}

	private Optional<Preferences> stored(UserId person) {
		return db.sql("""
				SELECT email_enabled, portal_only, quiet_start, quiet_end, zone FROM messaging.preference
				WHERE user_id = ?""")
			.param(person.value())
			.query((rs, n) -> new Preferences(rs.getBoolean(1), rs.getBoolean(2),
					rs.getObject(3, LocalTime.class), rs.getObject(4, LocalTime.class), rs.getString(5)))
			.optional();
	}

	private static String zone(String value) {
		try {
			return ZoneId.of(value == null || value.isBlank() ? "" : value.strip()).getId();
		}
		catch (DateTimeException ex) {
			throw new HavenException("MESSAGING_ZONE_INVALID", Kind.BAD_REQUEST,
					"choose a time zone such as America/New_York");
		}
	}

}
