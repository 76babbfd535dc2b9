package health.haven.identity;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
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
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Inviting someone to an organization. The admin gets a single-use link, valid for 72 hours, to pass on; the invited
 * account cannot sign in until its owner opens the link and chooses a password.
 *
 * <p>Haven sends no mail yet (DESIGN: notifications are logged, never sent), and the link is a credential, so it is
 * shown once to the admin and nowhere else: only its SHA-256 is stored, and it is never logged or audited.
 */
@Service
public class Invitations {

	public static final Duration VALID_FOR = Duration.ofHours(72);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient db;

	private final TenantWork work;

	private final Accounts accounts;

	private final AuditTrail audit;

	private final Clock clock;

	Invitations(JdbcClient db, TenantWork work, Accounts accounts, AuditTrail audit) {
		this.db = db;
		this.work = work;
		this.accounts = accounts;
		this.audit = audit;
		this.clock = Clock.systemUTC();
	}

	/** Opens an invited account and returns the one copy of its invitation token. */
	public Invitation invite(ActorRef by, OrgId org, String email, String displayName, Set<Role> roles) {
		String token = newToken();
		Instant expires = clock.instant().plus(VALID_FOR);
		return work.inTransaction(org, () -> {
			UserId user = accounts.openInvited(by, new NewAccount(org, email, displayName, null, roles));
			UUID id = UUID.randomUUID();
			db.sql("INSERT INTO identity.invitation (id, org_id, user_id, invited_by, expires_at) VALUES (?, ?, ?, ?, ?)")
				.params(id, org.value(), user.value(), by.user().map(UserId::value).orElseThrow(),
						Timestamp.from(expires))
				.update();
			db.sql("INSERT INTO identity.invitation_token (token_hash, invitation_id, org_id) VALUES (?, ?, ?)")
				.params(hash(token), id, org.value())
				.update();
			audit.record(AuditEntry.of(by, AuditAction.CREATE, Purpose.OPERATIONS)
				.org(org)
				.resource("invitation", id.toString())
				.detail("user_account", user.toString())
				.build());
			return new Invitation(user, token, expires);
		});
	}

	/** Whether the link can still be used; the reason it cannot otherwise (as a {@link HavenException}). */
	public void checkUsable(String token) {
		Pending pending = find(token);
		work.inTransaction(pending.org(), () -> usable(pending));
	}

	/**
	 * Accepts an invitation: the password is checked against the policy, the account becomes active and the link is
	 * spent, all in one transaction, so a refused password or a spent or expired link changes nothing.
	 */
	public void accept(String token, String password, String sourceAddress) {
		Pending pending = find(token);
		work.inTransaction(pending.org(), () -> {
			UserId user = usable(pending);
			ActorRef invitee = ActorRef.user(pending.org(), user, "invitee", null, sourceAddress);
			accounts.activateInvited(invitee, pending.org(), user, password);
			db.sql("UPDATE identity.invitation SET used_at = now() WHERE id = ?").param(pending.invitation()).update();
			audit.record(AuditEntry.of(invitee, AuditAction.UPDATE, Purpose.OPERATIONS)
				.org(pending.org())
				.resource("invitation", pending.invitation().toString())
				.detail("change", "accepted")
				.build());
		});
	}

	/** The row is locked in a writing transaction, so two tabs cannot both spend one link. */
	private UserId usable(Pending pending) {
		record Row(UUID userId, Timestamp expiresAt, Timestamp usedAt) {
		}
		Row row = db.sql("SELECT user_id, expires_at, used_at FROM identity.invitation WHERE id = ? FOR UPDATE")
			.param(pending.invitation())
			.query(Row.class)
			.optional()
			.orElseThrow(Invitations::notValid);
		if (row.usedAt() != null) {
			throw new HavenException("IDENTITY_INVITATION_USED", Kind.CONFLICT,
					"this invitation link has already been used; sign in, or ask your administrator for a new one");
		}
		if (!row.expiresAt().toInstant().isAfter(clock.instant())) {
			throw new HavenException("IDENTITY_INVITATION_EXPIRED", Kind.CONFLICT,
					"this invitation link has expired (links are valid for 72 hours); ask your administrator for a new one");
		}
		return new UserId(row.userId());
	}

	/** The one cross-tenant read: token hash to invitation and organization (see V6__invitations.sql). */
	private Pending find(String token) {
		if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
			throw notValid();
		}
		return db.sql("SELECT invitation_id, org_id FROM identity.invitation_token WHERE token_hash = ?")
			.param(hash(token))
			.query((rows, n) -> new Pending(rows.getObject(1, UUID.class), new OrgId(rows.getObject(2, UUID.class))))
			.optional()
			.orElseThrow(Invitations::notValid);
	}

	private static HavenException notValid() {
		return new HavenException("IDENTITY_INVITATION_NOT_FOUND", Kind.NOT_FOUND,
				"this invitation link is not valid; check that you copied all of it, or ask your administrator");
	}

	private static String newToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Pending(UUID invitation, OrgId org) {
	}

	/** A new invitation; {@code token} is the only copy there will ever be. */
	public record Invitation(UserId user, String token, Instant expiresAt) {

		@Override
		public String toString() {
			return "Invitation[" + user + ", <token redacted>]";
		}

	}

}
