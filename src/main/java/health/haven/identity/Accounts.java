package health.haven.identity;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.identity.internal.PasswordPolicy;
import health.haven.shared.ActorRef;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.util.Locale;
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

	Accounts(JdbcClient db, PasswordEncoder passwords, PasswordPolicy policy, AuditTrail audit, TenantWork work) {
		this.db = db;
		this.passwords = passwords;
		this.policy = policy;
		this.audit = audit;
		this.work = work;
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
		String email = account.email() == null ? "" : normalizeEmail(account.email());
		if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
			throw new HavenException("IDENTITY_EMAIL_INVALID", Kind.BAD_REQUEST, "the e-mail address is not valid");
		}
		if (account.displayName() == null || account.displayName().isBlank()) {
			throw new HavenException("IDENTITY_NAME_MISSING", Kind.BAD_REQUEST, "a display name is required");
		}
		if (account.roles() == null || account.roles().isEmpty()) {
			throw new HavenException("IDENTITY_ROLE_MISSING", Kind.BAD_REQUEST, "an account needs at least one role");
		}
		policy.check(account.password());
		UserId id = UserId.random();
		String hash = passwords.encode(account.password());
		return work.inTransaction(account.org(), () -> {
			try {
				db.sql("""
						INSERT INTO identity.user_account (id, org_id, email, display_name, password_hash, status)
						VALUES (?, ?, ?, ?, ?, 'active')""")
					.params(id.value(), account.org().value(), email, account.displayName().trim(), hash)
					.update();
				db.sql("INSERT INTO identity.sign_in_name (email, user_id, org_id) VALUES (?, ?, ?)")
					.params(email, id.value(), account.org().value())
					.update();
			}
			catch (DuplicateKeyException ex) {
				throw new HavenException("IDENTITY_EMAIL_TAKEN", Kind.CONFLICT, "an account with that e-mail exists");
			}
			audit.record(AuditEntry.of(by, AuditAction.CREATE, Purpose.OPERATIONS)
				.org(account.org())
				.resource("user_account", id.toString())
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

	public static String normalizeEmail(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

}
