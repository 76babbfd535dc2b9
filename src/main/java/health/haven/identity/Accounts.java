package health.haven.identity;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.identity.internal.AccountIdentity;
import health.haven.identity.internal.PasswordPolicy;
import health.haven.identity.internal.SignedInSessions;
import health.haven.shared.ActorRef;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.EnumSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Organizations and the accounts of the people who work in them or are treated by them.
 */
@Service
public class Accounts {

	private final JdbcClient db;

	private final PasswordEncoder passwords;

	private final PasswordPolicy policy;

	private final AuditTrail audit;

	private final TenantWork work;

	private final SignedInSessions sessions;

	private final AccountIdentity identity;

	Accounts(JdbcClient db, PasswordEncoder passwords, PasswordPolicy policy, AuditTrail audit, TenantWork work,
			SignedInSessions sessions, AccountIdentity identity) {
		this.identity = identity;
		this.db = db;
		this.passwords = passwords;
		this.policy = policy;
		this.audit = audit;
		this.work = work;
		this.sessions = sessions;
	}

	public OrgId createOrganization(ActorRef by, String name, String slug) {
		return createOrganization(by, OrgId.random(), name, slug);
	}

	/** Creates an organization with an id chosen by the caller (who may already be working for it). */
	public OrgId createOrganization(ActorRef by, OrgId id, String name, String slug) {
		if (name == null || name.isBlank() || slug == null || !slug.matches("[a-z0-9][a-z0-9-]{1,62}")) {
			throw new HavenException("IDENTITY_ORG_INVALID", Kind.BAD_REQUEST,
					"an organization needs a name and a slug of lowercase letters, digits and dashes");
		}
		return work.inTransaction(id, () -> {
			try {
				db.sql("INSERT INTO identity.organization (id, name, slug) VALUES (?, ?, ?)")
					.params(id.value(), name.trim(), slug)
					.update();
			}
			catch (DuplicateKeyException ex) {
				throw new HavenException("IDENTITY_ORG_SLUG_TAKEN", Kind.CONFLICT, "that organization slug is taken");
			}
			audit.record(AuditEntry.of(by, AuditAction.CONFIGURATION_CHANGED, Purpose.OPERATIONS)
				.org(id)
				.resource("organization", id.toString())
				.detail("change", "created")
				.build());
			return id;
		});
	}

	/** Opens an account; the account and each role granted are audited in the same transaction. */
	public UserId open(ActorRef by, NewAccount account) {
		check(account);
		policy.check(account.password());
		return insert(by, account, "active", passwords.encode(account.password()));
	}

	/**
	 * An account that cannot sign in until its invitation is accepted. Its password hash is that of a random secret
	 * nobody ever sees, so the column stays meaningful and no empty or marker hash ever reaches the encoder.
	 */
	UserId openInvited(ActorRef by, NewAccount account) {
		check(account);
		return insert(by, account, "invited", passwords.encode(UUID.randomUUID() + ":" + UUID.randomUUID()));
	}

	/** An invited account becomes active with the password its owner chose (checked against the policy first). */
	void activateInvited(ActorRef by, OrgId org, UserId user, String password) {
		policy.check(password);
		String hash = passwords.encode(password);
		work.inTransaction(org, () -> {
			int changed = db.sql("""
					UPDATE identity.user_account SET password_hash = ?, status = 'active'
					WHERE id = ? AND status = 'invited'""")
				.params(hash, user.value())
				.update();
			if (changed != 1) {
				throw new HavenException("IDENTITY_INVITATION_NOT_PENDING", Kind.CONFLICT,
						"this account is no longer waiting for its invitation; ask your administrator");
			}
			audit.record(AuditEntry.of(by, AuditAction.PERMISSION_CHANGED, Purpose.OPERATIONS)
				.org(org)
				.resource("user_account", user.toString())
				.detail("status", "active")
				.build());
		});
	}

	private static void check(NewAccount account) {
		String email = account.email() == null ? "" : normalizeEmail(account.email());
		if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
			throw new HavenException("IDENTITY_EMAIL_INVALID", Kind.BAD_REQUEST, "the e-mail address is not valid");
		}
		if (account.displayName() == null || account.displayName().isBlank() || account.displayName().length() > 200) {
			throw new HavenException("IDENTITY_NAME_MISSING", Kind.BAD_REQUEST,
					"a display name of 1 to 200 characters is required");
		}
		if (account.roles() == null || account.roles().isEmpty()) {
			throw new HavenException("IDENTITY_ROLE_MISSING", Kind.BAD_REQUEST, "an account needs at least one role");
		}
	}

	private UserId insert(ActorRef by, NewAccount account, String status, String hash) {
		String email = normalizeEmail(account.email());
		UserId id = UserId.random();
		byte[] sealedEmail = identity.sealEmail(account.org(), id, email);
		byte[] sealedName = identity.sealDisplayName(account.org(), id, account.displayName().trim());
		byte[] emailIndex = identity.emailIndex(email);
		return work.inTransaction(account.org(), () -> {
			try {
				db.sql("""
						INSERT INTO identity.user_account (id, org_id, email, display_name, password_hash, status)
						VALUES (?, ?, ?, ?, ?, ?)""")
					.params(id.value(), account.org().value(), sealedEmail, sealedName, hash, status)
					.update();
				db.sql("INSERT INTO identity.sign_in_name (email_index, user_id, org_id) VALUES (?, ?, ?)")
					.params(emailIndex, id.value(), account.org().value())
					.update();
			}
			catch (DuplicateKeyException ex) {
				throw new HavenException("IDENTITY_EMAIL_TAKEN", Kind.CONFLICT, "an account with that e-mail exists");
			}
			audit.record(AuditEntry.of(by, AuditAction.CREATE, Purpose.OPERATIONS)
				.org(account.org())
				.resource("user_account", id.toString())
				.detail("status", status)
				.build());
			for (Role role : account.roles()) {
				db.sql("INSERT INTO identity.user_role (user_id, role, org_id) VALUES (?, ?, ?)")
					.params(id.value(), role.name(), account.org().value())
					.update();
				audit.record(AuditEntry.of(by, AuditAction.PERMISSION_CHANGED, Purpose.OPERATIONS)
					.org(account.org())
					.resource("user_account", id.toString())
					.detail("granted", role.name())
					.build());
			}
			return id;
		});
	}

	/**
	 * Suspends an account: it can no longer sign in, and every session it has ends now, not at its next idle
	 * timeout. Audited as a permission change ({@code status=suspended}).
	 */
	public void suspend(ActorRef by, OrgId org, UserId user) {
		changeStatus(by, org, user, "suspended", AuditAction.PERMISSION_CHANGED);
	}

	/**
	 * Deprovisions an account (someone left the organization): like a suspension, and final. The account, its roles
	 * and its care-team history stay, so that the audit trail and the access review still name who had what.
	 */
	public void deprovision(ActorRef by, OrgId org, UserId user) {
		changeStatus(by, org, user, "deprovisioned", AuditAction.ACCOUNT_DEPROVISIONED);
	}

	private void changeStatus(ActorRef by, OrgId org, UserId user, String status, AuditAction action) {
		notSelf(by, user, "you cannot suspend or deprovision your own account; ask another administrator");
		work.inTransaction(org, () -> {
			String current = statusForUpdate(user);
			if ("deprovisioned".equals(current)) {
				throw new HavenException("IDENTITY_ACCOUNT_DEPROVISIONED", Kind.CONFLICT,
						"the account is deprovisioned; that is final");
			}
			if (status.equals(current)) {
				throw new HavenException("IDENTITY_ACCOUNT_ALREADY_" + status.toUpperCase(Locale.ROOT), Kind.CONFLICT,
						"the account is already " + status);
			}
			db.sql("UPDATE identity.user_account SET status = ? WHERE id = ?").params(status, user.value()).update();
			int ended = sessions.endAll(user);
			audit.record(AuditEntry.of(by, action, Purpose.OPERATIONS)
				.org(org)
				.resource("user_account", user.toString())
				.detail("status", status)
				.detail("sessions_ended", Integer.toString(ended))
				.build());
		});
	}

	/** Grants a role. It takes effect at the person's next sign-in (a session keeps the roles it started with). */
	public void grantRole(ActorRef by, OrgId org, UserId user, Role role) {
		work.inTransaction(org, () -> {
			String current = statusForUpdate(user);
			if ("deprovisioned".equals(current)) {
				throw new HavenException("IDENTITY_ACCOUNT_DEPROVISIONED", Kind.CONFLICT,
						"the account is deprovisioned; that is final");
			}
			int added = db.sql("""
					INSERT INTO identity.user_role (user_id, role, org_id) VALUES (?, ?, ?)
					ON CONFLICT DO NOTHING""")
				.params(user.value(), role.name(), org.value())
				.update();
			if (added == 0) {
				throw new HavenException("IDENTITY_ROLE_HELD", Kind.CONFLICT, "the account already has that role");
			}
			audit.record(AuditEntry.of(by, AuditAction.PERMISSION_CHANGED, Purpose.OPERATIONS)
				.org(org)
				.resource("user_account", user.toString())
				.detail("granted", role.name())
				.build());
		});
	}

	/**
	 * Removes a role, and ends the person's sessions so that the removal holds at once rather than at their next
	 * sign-in. An account keeps at least one role (suspend it instead), and an admin cannot remove their own admin
	 * role (an organization must not lock itself out by a slip).
	 */
	public void revokeRole(ActorRef by, OrgId org, UserId user, Role role) {
		if (role == Role.ORG_ADMIN) {
			notSelf(by, user, "you cannot remove your own admin role; ask another administrator");
		}
		work.inTransaction(org, () -> {
			statusForUpdate(user);
			Set<Role> held = rolesOf(user);
			if (!held.contains(role)) {
				throw new HavenException("IDENTITY_ROLE_NOT_HELD", Kind.CONFLICT, "the account does not have that role");
			}
			if (held.size() == 1) {
				throw new HavenException("IDENTITY_LAST_ROLE", Kind.CONFLICT,
						"an account keeps at least one role; suspend or deprovision it instead");
			}
			db.sql("DELETE FROM identity.user_role WHERE user_id = ? AND role = ?")
				.params(user.value(), role.name())
				.update();
			int ended = sessions.endAll(user);
			audit.record(AuditEntry.of(by, AuditAction.PERMISSION_CHANGED, Purpose.OPERATIONS)
				.org(org)
				.resource("user_account", user.toString())
				.detail("revoked", role.name())
				.detail("sessions_ended", Integer.toString(ended))
				.build());
		});
	}

	/** The organization's accounts with their roles, care teams and last activity, by display name. */
	public List<AccountSummary> accounts(OrgId org) {
		return work.reading(org, () -> db.sql(SUMMARIES)
			.query((rows, n) -> summary(org, rows))
			.list()
			.stream()
			.sorted(Comparator.comparing((AccountSummary account) -> String.valueOf(account.displayName()),
					String.CASE_INSENSITIVE_ORDER).thenComparing(account -> account.id().value()))
			.toList());
	}

	/**
	 * The display names of these accounts of the organization (those that exist there), for pages that name who did
	 * something: "who viewed my record", who wrote a message. Only the names are opened, not the e-mail addresses.
	 */
	public Map<UserId, String> displayNames(OrgId org, Collection<UserId> users) {
		if (users.isEmpty()) {
			return Map.of();
		}
		Map<UserId, String> names = new HashMap<>();
		work.reading(org, () -> db.sql("SELECT id, display_name FROM identity.user_account WHERE id = ANY (?)")
			.param(users.stream().map(UserId::value).distinct().toArray(UUID[]::new))
			.query((rows, n) -> {
				UserId id = new UserId(rows.getObject(1, UUID.class));
				names.put(id, identity.openDisplayName(org, id, rows.getBytes(2)));
				return id;
			})
			.list());
		return names;
	}

	/** The account an e-mail address signs in, in whichever organization (for operators and tests). */
	public Optional<UserId> findByEmail(String email) {
		if (email == null || email.isBlank()) {
			return Optional.empty();
		}
		return db.sql("SELECT user_id FROM identity.sign_in_name WHERE email_index = ?")
			.param(identity.emailIndex(normalizeEmail(email)))
			.query((rows, n) -> new UserId(rows.getObject(1, UUID.class)))
			.optional();
	}

	/** One account of the organization, or empty if there is none with that id in it. */
	public Optional<AccountSummary> account(OrgId org, UserId user) {
		// One row, not the organization's every account decrypted (a group room asks this at every join).
		return work.reading(org, () -> db.sql(SUMMARIES + " WHERE a.id = ?")
			.param(user.value())
			.query((rows, n) -> summary(org, rows))
			.optional());
	}

	private static final String SUMMARIES = """
			SELECT a.id, a.email, a.display_name, a.status, a.created_at, a.last_active_at,
			       (SELECT string_agg(r.role, ',' ORDER BY r.role) FROM identity.user_role r
			        WHERE r.user_id = a.id) AS roles,
			       (SELECT string_agg(t.name, '|' ORDER BY t.name) FROM identity.care_team_member m
			        JOIN identity.care_team t ON t.id = m.care_team_id WHERE m.user_id = a.id) AS teams
			FROM identity.user_account a""";

	private AccountSummary summary(OrgId org, java.sql.ResultSet rows) throws java.sql.SQLException {
		UserId id = new UserId(rows.getObject("id", UUID.class));
		return new AccountSummary(id, identity.openEmail(org, id, rows.getBytes("email")),
				identity.openDisplayName(org, id, rows.getBytes("display_name")), rows.getString("status"),
				roles(rows.getString("roles")), split(rows.getString("teams"), "\\|"),
				rows.getTimestamp("created_at").toInstant(), instant(rows.getTimestamp("last_active_at")));
	}

	/**
	 * The e-mail address of an active account of the organization, for a notification that carries no PHI; empty
	 * when the account is not active (a suspended person gets no mail).
	 */
	public Optional<String> activeEmail(OrgId org, UserId user) {
		return work.reading(org, () -> db.sql("SELECT email FROM identity.user_account WHERE id = ? AND status = 'active'")
			.param(user.value())
			.query((rows, n) -> identity.openEmail(org, user, rows.getBytes(1)))
			.optional());
	}

	/** Whether the account exists in the organization and may sign in (not invited, suspended or deprovisioned). */
	public boolean active(OrgId org, UserId user) {
		return work.reading(org, () -> db.sql("SELECT count(*) FROM identity.user_account WHERE id = ? AND status = 'active'")
			.param(user.value())
			.query(Long.class)
			.single() > 0);
	}

	private String statusForUpdate(UserId user) {
		return db.sql("SELECT status FROM identity.user_account WHERE id = ? FOR UPDATE")
			.param(user.value())
			.query(String.class)
			.optional()
			.orElseThrow(() -> new HavenException("IDENTITY_ACCOUNT_NOT_FOUND", Kind.NOT_FOUND,
					"there is no such account in your organization"));
	}

	private Set<Role> rolesOf(UserId user) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		db.sql("SELECT role FROM identity.user_role WHERE user_id = ?")
			.param(user.value())
			.query(String.class)
			.list()
			.forEach(role -> roles.add(Role.valueOf(role)));
		return roles;
	}

	private static void notSelf(ActorRef by, UserId user, String explanation) {
		if (by.user().filter(user::equals).isPresent()) {
			throw new HavenException("IDENTITY_OWN_ACCOUNT", Kind.CONFLICT, explanation);
		}
	}

	private static Set<Role> roles(String joined) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		split(joined, ",").forEach(role -> roles.add(Role.valueOf(role)));
		return roles;
	}

	private static List<String> split(String joined, String separator) {
		return joined == null ? List.of() : Arrays.stream(joined.split(separator)).collect(Collectors.toList());
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	public static String normalizeEmail(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

}
