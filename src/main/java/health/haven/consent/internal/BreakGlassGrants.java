package health.haven.consent.internal;

import health.haven.consent.BreakGlassGrant;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Break-glass grants as stored, and a short-lived memory of each person's active ones so that access decisions stay
 * in memory. A grant started on this node is seen at once; one started on another node within {@link #REMEMBER}.
 */
@Component
public class BreakGlassGrants {

	public static final Duration LONGEST = Duration.ofMinutes(60);

	static final Duration REMEMBER = Duration.ofSeconds(10);

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final Map<UserId, Remembered> active = new ConcurrentHashMap<>();

	BreakGlassGrants(JdbcClient db, TenantWork work, FieldCipher cipher) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
	}

	public boolean active(OrgId org, UserId user, ClientId client) {
		Instant now = Instant.now();
		Remembered remembered = active.get(user);
		if (remembered == null || remembered.loadedAt().plus(REMEMBER).isBefore(now) || !remembered.org().equals(org)) {
			remembered = new Remembered(org, now, load(org, user));
			active.put(user, remembered);
		}
		return remembered.grants().stream().anyMatch(grant -> grant.client().equals(client) && grant.until().isAfter(now));
	}

	/** Must run inside the organization's transaction (see {@code TenantWork}). */
	public UUID insert(OrgId org, UserId user, ClientId client, String reason, Duration length) {
		UUID id = UUID.randomUUID();
		byte[] sealed = cipher.sealText(KeyScope.client(org, client), FieldRef.of("consent.break_glass", "reason", id),
				reason);
		db.sql("""
				INSERT INTO consent.break_glass (id, org_id, user_id, client_id, reason, expires_at)
				VALUES (?, ?, ?, ?, ?, now() + make_interval(secs => ?))""")
			.params(id, org.value(), user.value(), client.value(), sealed, length.toSeconds())
			.update();
		active.remove(user);
		return id;
	}

	public List<BreakGlassGrant> awaitingReview(OrgId org) {
		return work.reading(org, () -> db.sql("""
				SELECT id, user_id, client_id, started_at, expires_at, reviewed_at FROM consent.break_glass
				WHERE reviewed_at IS NULL ORDER BY started_at""")
			.query((rows, n) -> new BreakGlassGrant(rows.getObject(1, UUID.class),
					new UserId(rows.getObject(2, UUID.class)), new ClientId(rows.getObject(3, UUID.class)),
					rows.getTimestamp(4).toInstant(), rows.getTimestamp(5).toInstant(),
					Optional.ofNullable(rows.getTimestamp(6)).map(Timestamp::toInstant)))
			.list());
	}

	public Optional<String> reason(OrgId org, UUID grant) {
		return work.reading(org, () -> db.sql("SELECT client_id, reason FROM consent.break_glass WHERE id = ?")
			.param(grant)
			.query((rows, n) -> cipher.openText(KeyScope.client(org, new ClientId(rows.getObject(1, UUID.class))),
					FieldRef.of("consent.break_glass", "reason", grant), rows.getBytes(2)))
			.optional());
	}

	/** Must run inside the organization's transaction. Returns false if there was no such grant awaiting review. */
	public boolean markReviewed(OrgId org, UUID grant, UserId reviewer) {
		return db.sql("""
				UPDATE consent.break_glass SET reviewed_by = ?, reviewed_at = now(),
				       ended_at = coalesce(ended_at, least(now(), expires_at))
				WHERE id = ? AND reviewed_at IS NULL""")
			.params(reviewer.value(), grant)
			.update() == 1;
	}

	/** Drops what this node remembers, after a grant ended. */
	public void forget() {
		active.clear();
	}

	private List<Active> load(OrgId org, UserId user) {
		return work.reading(org, () -> db.sql("""
				SELECT client_id, expires_at FROM consent.break_glass
				WHERE user_id = ? AND expires_at > now() AND ended_at IS NULL""")
			.param(user.value())
			.query((rows, n) -> new Active(new ClientId(rows.getObject(1, UUID.class)),
					rows.getTimestamp(2).toInstant()))
			.list());
	}

	private record Active(ClientId client, Instant until) {
	}

	private record Remembered(OrgId org, Instant loadedAt, List<Active> grants) {
	}

}
