package health.haven.identity.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.crypto.OneTimeCodes;
import health.haven.shared.ActorRef;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.commons.codec.binary.Base32;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The TOTP factor (RFC 6238, SHA-1, six digits, 30-second steps, one step of drift either way) and its ten
 * single-use recovery codes.
 *
 * <p>The seed is sealed under the organization's {@code totp} key, bound to the account's row; it is opened only to
 * check a code. The last accepted time step is kept, and a code is accepted only for a later step, so a code seen
 * over someone's shoulder cannot be used again, not even within its own 30 seconds. Recovery codes are stored as
 * Argon2id hashes, like passwords.
 */
@Component
public class TotpFactors {

	static final int RECOVERY_CODES = 10;

	static final String ISSUER = "Haven";

	private static final char[] RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();

	private final JdbcClient db;

	private final FieldCipher cipher;

	private final PasswordEncoder hashes;

	private final AuditTrail audit;

	private final TenantWork work;

	private final SignInLockout lockout;

	private final SecureRandom random = new SecureRandom();

	TotpFactors(JdbcClient db, FieldCipher cipher, PasswordEncoder hashes, AuditTrail audit, TenantWork work,
			SignInLockout lockout) {
		this.db = db;
		this.cipher = cipher;
		this.hashes = hashes;
		this.audit = audit;
		this.work = work;
		this.lockout = lockout;
	}

	boolean enrolled(SignInAccount account) {
		return work.reading(account.org(), () -> db
			.sql("SELECT count(*) FROM identity.totp_factor WHERE user_id = ? AND confirmed_at IS NOT NULL")
			.param(account.user().value())
			.query(Integer.class)
			.single() > 0);
	}

	/**
	 * Starts (or restarts) enrolment: a fresh seed, stored sealed and unconfirmed until a code made from it is
	 * entered. An account that already has a confirmed factor must reset it first.
	 */
	Enrolment start(SignInAccount account, String accountLabel) {
		byte[] seed = OneTimeCodes.newSeed();
		try {
			work.inTransaction(account.org(), () -> {
				boolean confirmed = db
					.sql("SELECT count(*) FROM identity.totp_factor WHERE user_id = ? AND confirmed_at IS NOT NULL")
					.param(account.user().value())
					.query(Integer.class)
					.single() > 0;
				if (confirmed) {
					throw new HavenException("IDENTITY_TOTP_ALREADY_ENROLLED", Kind.CONFLICT,
							"an authenticator app is already set up for this account");
				}
				byte[] sealed = cipher.seal(scope(account), seedField(account), seed);
				db.sql("""
						INSERT INTO identity.totp_factor (user_id, org_id, seed) VALUES (?, ?, ?)
						ON CONFLICT (user_id) DO UPDATE SET seed = excluded.seed, last_step = 0, created_at = now()""")
					.params(account.user().value(), account.org().value(), sealed)
					.update();
			});
			String secret = new Base32().encodeAsString(seed).replace("=", "");
			return new Enrolment(secret, otpauthUri(accountLabel, secret));
		}
		finally {
			Arrays.fill(seed, (byte) 0);
		}
	}

	/**
	 * Sets up a confirmed TOTP factor for an account without the account holder (the demo organization and
	 * administrative provisioning): returns the secret, to be handed over privately, and the recovery codes.
	 */
	public Provisioned provision(ActorRef by, OrgId org, UserId user) {
		byte[] seed = OneTimeCodes.newSeed();
		try {
			SignInAccount account = new SignInAccount(user.toString(), org, "", true, List.of(), null);
			List<String> codes = work.inTransaction(org, () -> {
				db.sql("""
						INSERT INTO identity.totp_factor (user_id, org_id, seed, confirmed_at) VALUES (?, ?, ?, now())
						ON CONFLICT (user_id) DO UPDATE SET seed = excluded.seed, confirmed_at = now(), last_step = 0""")
					.params(user.value(), org.value(), cipher.seal(scope(account), seedField(account), seed))
					.update();
				List<String> recovery = replaceRecoveryCodes(account);
				audit.record(AuditEntry.of(by, AuditAction.MFA_ENROLLED, Purpose.OPERATIONS)
					.org(org)
					.resource("user_account", user.toString())
					.detail("factor", "totp")
					.detail("provisioned", "true")
					.build());
				return recovery;
			});
			return new Provisioned(new Base32().encodeAsString(seed).replace("=", ""), codes);
		}
		finally {
			Arrays.fill(seed, (byte) 0);
		}
	}

	/** The enrolment under way, if any, to show its QR code again after a wrong confirmation code. */
	Optional<Enrolment> pending(SignInAccount account, String accountLabel) {
		return work.reading(account.org(), () -> stored(account, false).map(stored -> {
			byte[] seed = cipher.open(scope(account), seedField(account), stored.sealedSeed());
			try {
				String secret = new Base32().encodeAsString(seed).replace("=", "");
				return new Enrolment(secret, otpauthUri(accountLabel, secret));
			}
			finally {
				Arrays.fill(seed, (byte) 0);
			}
		}));
	}

	/**
	 * Confirms enrolment with a code from the new seed; returns the recovery codes, shown once and never again.
	 */
	List<String> confirm(SignInAccount account, ActorRef by, String code) {
		return work.inTransaction(account.org(), () -> {
			Optional<Stored> stored = stored(account, false);
			if (stored.isEmpty()) {
				throw new HavenException("IDENTITY_TOTP_NOT_STARTED", Kind.BAD_REQUEST,
						"start setting up the authenticator app first");
			}
			OptionalLong step = check(account, stored.get(), code);
			if (step.isEmpty()) {
				throw new HavenException("IDENTITY_TOTP_CODE_WRONG", Kind.BAD_REQUEST,
						"that code does not match; check the time on your phone and try the next code");
			}
			db.sql("UPDATE identity.totp_factor SET confirmed_at = now(), last_step = ? WHERE user_id = ?")
				.params(step.getAsLong(), account.user().value())
				.update();
			List<String> codes = replaceRecoveryCodes(account);
			audit.record(AuditEntry.of(by, AuditAction.MFA_ENROLLED, Purpose.OPERATIONS)
				.org(account.org())
				.resource("user_account", account.user().toString())
				.detail("factor", "totp")
				.build());
			return codes;
		});
	}

	/**
	 * Checks a second-factor code at sign-in: a TOTP code for a step later than the last one accepted, or an unused
	 * recovery code. Every attempt is audited; wrong codes count towards the account's lockout.
	 */
	Verification verify(SignInAccount account, ActorRef by, String code) {
		String candidate = code == null ? "" : code.strip();
		Verification result = work.inTransaction(account.org(), () -> {
			if (candidate.matches("\\d{6}")) {
				Optional<Stored> stored = stored(account, true);
				if (stored.isEmpty()) {
					return Verification.FAILED;
				}
				OptionalLong step = check(account, stored.get(), candidate);
				if (step.isEmpty()) {
					return Verification.FAILED;
				}
				int advanced = db
					.sql("UPDATE identity.totp_factor SET last_step = ? WHERE user_id = ? AND last_step < ?")
					.params(step.getAsLong(), account.user().value(), step.getAsLong())
					.update();
				return advanced == 1 ? Verification.TOTP : Verification.REPLAYED;
			}
			return useRecoveryCode(account, candidate) ? Verification.RECOVERY_CODE : Verification.FAILED;
		});
		audit.record(AuditEntry.of(by, result.passed() ? AuditAction.MFA_CHALLENGE_PASSED
				: AuditAction.MFA_CHALLENGE_FAILED, Purpose.OPERATIONS)
			.org(account.org())
			.resource("user_account", account.user().toString())
			.outcome(result.passed() ? AuditOutcome.ALLOWED : AuditOutcome.DENIED)
			.detail("method", result.method())
			.build());
		if (!result.passed()) {
			lockout.secondFactorFailed(account);
		}
		return result;
	}

	/**
	 * Ten new recovery codes for an account with a factor; the old ones stop working. Shown once, like the first.
	 */
	List<String> renewRecoveryCodes(SignInAccount account, ActorRef by) {
		return work.inTransaction(account.org(), () -> {
			List<String> codes = replaceRecoveryCodes(account);
			audit.record(AuditEntry.of(by, AuditAction.MFA_RESET, Purpose.OPERATIONS)
				.org(account.org())
				.resource("user_account", account.user().toString())
				.detail("factor", "recovery_codes")
				.build());
			return codes;
		});
	}

	/** How many unused recovery codes an account has left. */
	int recoveryCodesLeft(SignInAccount account) {
		return work.reading(account.org(), () -> db
			.sql("SELECT count(*) FROM identity.recovery_code WHERE user_id = ? AND used_at IS NULL")
			.param(account.user().value())
			.query(Integer.class)
			.single());
	}

	private OptionalLong check(SignInAccount account, Stored stored, String code) {
		byte[] seed = cipher.open(scope(account), seedField(account), stored.sealedSeed());
		try {
			return OneTimeCodes.verify(seed, code, Instant.now());
		}
		finally {
			Arrays.fill(seed, (byte) 0);
		}
	}

	private Optional<Stored> stored(SignInAccount account, boolean confirmed) {
		return db
			.sql("SELECT seed, last_step FROM identity.totp_factor WHERE user_id = ? AND (confirmed_at IS NOT NULL) = ?")
			.params(account.user().value(), confirmed)
			.query((rows, n) -> new Stored(rows.getBytes(1), rows.getLong(2)))
			.optional();
	}

	private List<String> replaceRecoveryCodes(SignInAccount account) {
		db.sql("DELETE FROM identity.recovery_code WHERE user_id = ?").param(account.user().value()).update();
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < RECOVERY_CODES; i++) {
			String code = newRecoveryCode();
			codes.add(code);
			db.sql("INSERT INTO identity.recovery_code (id, user_id, org_id, code_hash) VALUES (?, ?, ?, ?)")
				.params(UUID.randomUUID(), account.user().value(), account.org().value(), hashes.encode(code))
				.update();
		}
		return codes;
	}

	private boolean useRecoveryCode(SignInAccount account, String typed) {
		String normalized = typed.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
		if (normalized.length() != 12) {
			return false;
		}
		String candidate = normalized.substring(0, 4) + "-" + normalized.substring(4, 8) + "-" + normalized.substring(8);
		record Code(UUID id, String codeHash) {
		}
		List<Code> unused = db
			.sql("SELECT id, code_hash FROM identity.recovery_code WHERE user_id = ? AND used_at IS NULL FOR UPDATE")
			.param(account.user().value())
			.query(Code.class)
			.list();
		for (Code code : unused) {
			if (hashes.matches(candidate, code.codeHash())) {
				db.sql("UPDATE identity.recovery_code SET used_at = now() WHERE id = ?").param(code.id()).update();
				return true;
			}
		}
		return false;
	}

	/** Twelve characters from an alphabet without look-alikes: about 59 bits. */
	private String newRecoveryCode() {
		StringBuilder code = new StringBuilder();
		for (int i = 0; i < 12; i++) {
			if (i == 4 || i == 8) {
				code.append('-');
			}
			code.append(RECOVERY_ALPHABET[random.nextInt(RECOVERY_ALPHABET.length)]);
		}
		return code.toString();
	}

	private static KeyScope scope(SignInAccount account) {
		return KeyScope.purpose(account.org(), "totp");
	}

	static String otpauthUri(String accountLabel, String secret) {
		String label = ISSUER + ":" + accountLabel;
		return "otpauth://totp/" + encode(label) + "?secret=" + secret + "&issuer=" + ISSUER
				+ "&algorithm=SHA1&digits=6&period=30";
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
	}

	public record Provisioned(String secret, List<String> recoveryCodes) {

		@Override
		public String toString() {
			return "Provisioned[<redacted>]";
		}

	}

	record Enrolment(String secret, String otpauthUri) {

		@Override
		public String toString() {
			return "Enrolment[secret=<redacted>]";
		}

	}

	enum Verification {

		TOTP("totp"), RECOVERY_CODE("recovery_code"), REPLAYED("totp_replayed"), FAILED("failed");

		private final String method;

		Verification(String method) {
			this.method = method;
		}

		boolean passed() {
			return this == TOTP || this == RECOVERY_CODE;
		}

		String method() {
			return method;
		}

	}

	private record Stored(byte[] sealedSeed, long lastStep) {
	}

	private static FieldRef seedField(SignInAccount account) {
		return FieldRef.of("identity.totp_factor", "seed", account.user().value());
	}

}
