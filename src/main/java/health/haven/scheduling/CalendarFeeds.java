package health.haven.scheduling;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.scheduling.internal.ICalendar;
import health.haven.shared.ActorRef;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A person's calendar feed: their own sessions as iCalendar, for calendar apps that fetch it without signing in.
 *
 * <p>The feed's address holds a random 32-byte token (never the account id); only its SHA-256 is stored, so the
 * address is shown once, when made. Making a new one replaces the old; revoking ends it. A calendar app's copy sits
 * outside Haven, so the feed carries no PHI at all: every event is "Haven session" with a link to Haven (no names, no
 * track names, which could reveal substance-use treatment, nothing about the client), plus its times and an opaque id.
 * A suspended or deprovisioned account's feed answers "not found".
 */
@Service
public class CalendarFeeds {

	/** The feed covers sessions from this long ago... */
	static final Duration PAST = Duration.ofDays(30);

	/** ...to this far ahead. */
	static final Duration AHEAD = Duration.ofDays(180);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient db;

	private final TenantWork work;

	private final SessionRows rows;

	private final Accounts accounts;

	private final AuditTrail audit;

	private final Clock clock = Clock.systemUTC();

	CalendarFeeds(JdbcClient db, TenantWork work, SessionRows rows, Accounts accounts, AuditTrail audit) {
		this.db = db;
		this.work = work;
		this.rows = rows;
		this.accounts = accounts;
		this.audit = audit;
	}

	/** When the person's current feed was made, if they have one. */
	public Optional<Instant> current(Actor actor) {
		return work.reading(actor.org(), () -> db.sql("SELECT created_at FROM scheduling.calendar_feed WHERE user_id = ?")
			.param(actor.user().value())
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.optional());
	}

	/** Makes a new feed token for the person, replacing any earlier one, and returns its only copy. */
	public String renew(Actor actor) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		work.inTransaction(actor.org(), () -> {
			db.sql("""
					INSERT INTO scheduling.calendar_feed (user_id, token_hash, org_id) VALUES (?, ?, ?)
					ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = now()""")
				.params(actor.user().value(), hash(token), actor.org().value())
				.update();
			changed(actor, "renewed");
		});
		return token;
	}

	/** Ends the person's feed; its address answers "not found" from now on. */
	public void revoke(Actor actor) {
		work.inTransaction(actor.org(), () -> {
			if (db.sql("DELETE FROM scheduling.calendar_feed WHERE user_id = ?").param(actor.user().value()).update() > 0) {
				changed(actor, "revoked");
			}
		});
	}

	/**
	 * The feed of a token, as iCalendar text with links to {@code havenUrl}; "not found" for an unknown, revoked or
	 * malformed token, or an account that may no longer sign in.
	 */
	public String feed(String token, String havenUrl, String sourceAddress) {
		if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
			throw notFound();
		}
		// The one cross-tenant read: token hash to account and organization (see V2__sessions.sql).
		Owner owner = db.sql("SELECT user_id, org_id FROM scheduling.calendar_feed WHERE token_hash = ?")
			.param(hash(token))
			.query((rs, n) -> new Owner(new UserId(rs.getObject(1, UUID.class)), new OrgId(rs.getObject(2, UUID.class))))
			.optional()
			.orElseThrow(CalendarFeeds::notFound);
		if (!accounts.active(owner.org(), owner.user())) {
			throw notFound();
		}
		Instant now = clock.instant();
		String link = havenUrl + "/schedule/upcoming";
		ICalendar calendar = new ICalendar("-//Haven//Sessions//EN", "Haven");
		work.reading(owner.org(), () -> {
			for (SessionRows.Row row : rows.ofPerson(owner.org(), owner.user(), now.minus(PAST), now.plus(AHEAD))) {
				calendar.event(row.id() + "@haven", row.version() - 1, now, row.startsAt(), row.endsAt(),
						row.status() == SessionStatus.CANCELLED, "Haven session", "Open Haven: " + link, link);
			}
			audit.recordBeforeRead(AuditEntry.of(ActorRef.user(owner.org(), owner.user(), "calendar-feed", null, sourceAddress),
					AuditAction.READ, Purpose.OPERATIONS)
				.org(owner.org())
				.resource("calendar_feed", owner.user().toString())
				.build());
			return null;
		});
		return calendar.end();
	}

	private void changed(Actor actor, String change) {
		audit.record(AuditEntry.of(actor.ref(), AuditAction.CONFIGURATION_CHANGED, Purpose.OPERATIONS)
			.org(actor.org())
			.resource("calendar_feed", actor.user().toString())
			.detail("change", change)
			.build());
	}

	private static HavenException notFound() {
		return new HavenException("SCHEDULING_CALENDAR_NOT_FOUND", Kind.NOT_FOUND, "no such calendar");
	}

	private static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Owner(UserId user, OrgId org) {
	}

}
