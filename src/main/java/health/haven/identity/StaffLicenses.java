package health.haven.identity;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Staff licenses (TH-LIC-01): the organization admin records and changes them; a member of staff reads their own, the
 * program director and the admin read everyone's. Other modules ask {@link #licensedIn} at the moment of care (the
 * join gates ask it for the state the client confirms). An expired license is no license.
 *
 * <p>Every change is audited; so is every refusal. Input is checked whole before anything is written, and each
 * refusal names the field at fault.
 */
@Service
public class StaffLicenses {

	static final String TABLE = "staff_license";

	private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ./-]{0,39}");

	/** Further ahead than any board licenses for: a typing mistake, not a license. */
	private static final int LONGEST_YEARS = 15;

	private final JdbcClient db;

	private final TenantWork work;

	private final AuditTrail audit;

	StaffLicenses(JdbcClient db, TenantWork work, AuditTrail audit) {
		this.db = db;
		this.work = work;
		this.audit = audit;
	}

	/** Whether the person holds a license for the state that is valid on that day. */
	public boolean licensedIn(OrgId org, UserId staff, String state, LocalDate on) {
		Optional<String> code = UsStates.parse(state);
		if (code.isEmpty() || on == null) {
			return false;
		}
		return work.reading(org, () -> db.sql("""
				SELECT count(*) FROM identity.staff_license WHERE user_id = ? AND state = ? AND expires_on >= ?""")
			.params(staff.value(), code.get(), on)
			.query(Long.class)
			.single() > 0);
	}

	/** The licenses a person holds (expired ones included), for other modules: by state, then type. */
	public List<StaffLicense> held(OrgId org, UserId staff) {
		return work.reading(org, () -> db.sql(SELECT + " WHERE user_id = ? ORDER BY state, license_type, id")
			.param(staff.value())
			.query((rows, n) -> license(rows))
			.list());
	}

	/** One person's licenses, for themself, the program director or the admin. */
	public List<StaffLicense> of(Actor viewer, UserId staff) {
		if (!viewer.user().equals(staff) && !viewer.has(Role.ORG_ADMIN) && !viewer.has(Role.PROGRAM_DIRECTOR)) {
			throw refused(viewer, AuditAction.READ, staff.toString(), "IDENTITY_LICENSES_NOT_ALLOWED",
					"only the person themself, the program director and the organization admin see licenses");
		}
		return held(viewer.org(), staff);
	}

	/** Every license in the organization, for the program director and the admin. */
	public List<StaffLicense> all(Actor viewer) {
		if (!viewer.has(Role.ORG_ADMIN) && !viewer.has(Role.PROGRAM_DIRECTOR)) {
			throw refused(viewer, AuditAction.READ, "all", "IDENTITY_LICENSES_NOT_ALLOWED",
					"only the program director and the organization admin see everyone's licenses");
		}
		return work.reading(viewer.org(), () -> db.sql(SELECT + " ORDER BY user_id, state, license_type, id")
			.query((rows, n) -> license(rows))
			.list());
	}

	/** Records a license for a member of staff (admins only). */
	public UUID add(Actor admin, UserId staff, NewLicense license) {
		requireAdmin(admin, AuditAction.CREATE, staff.toString());
		NewLicense valid = valid(license);
		requireStaff(admin.org(), staff);
		UUID id = UUID.randomUUID();
		try {
			work.inTransaction(admin.org(), () -> {
				db.sql("""
						INSERT INTO identity.staff_license (id, org_id, user_id, state, license_type, number, expires_on,
						created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
					.params(id, admin.org().value(), staff.value(), valid.state(), valid.type().name(), valid.number(),
							valid.expiresOn(), admin.user().value())
					.update();
				audit.record(entry(admin, AuditAction.CREATE, id, staff, valid).build());
			});
		}
		catch (DuplicateKeyException ex) {
			throw duplicate();
		}
		return id;
	}

	/** Changes a license (a renewal moves its expiry; a correction its number). Admins only. */
	public void change(Actor admin, UUID license, NewLicense changed) {
		requireAdmin(admin, AuditAction.UPDATE, license.toString());
		NewLicense valid = valid(changed);
		try {
			work.inTransaction(admin.org(), () -> {
				UserId staff = db.sql("""
						UPDATE identity.staff_license SET state = ?, license_type = ?, number = ?, expires_on = ?,
						changed_at = now(), changed_by = ? WHERE id = ? RETURNING user_id""")
					.params(valid.state(), valid.type().name(), valid.number(), valid.expiresOn(), admin.user().value(),
							license)
					.query((rows, n) -> new UserId(rows.getObject(1, UUID.class)))
					.optional()
					.orElseThrow(() -> new HavenException("IDENTITY_LICENSE_NOT_FOUND", Kind.NOT_FOUND,
							"there is no such license in your organization"));
				audit.record(entry(admin, AuditAction.UPDATE, license, staff, valid).build());
			});
		}
		catch (DuplicateKeyException ex) {
			throw duplicate();
		}
	}

	/** The license checked field by field; the first fault is refused with the field's name. */
	static NewLicense valid(NewLicense license) {
		if (license == null) {
			throw bad("IDENTITY_LICENSE_STATE_INVALID", "state: give the two-letter code of a US state (e.g. OR)");
		}
		String state = UsStates.parse(license.state())
			.orElseThrow(() -> bad("IDENTITY_LICENSE_STATE_INVALID",
					"state: give the two-letter code of a US state or territory (e.g. OR)"));
		if (license.type() == null) {
			throw bad("IDENTITY_LICENSE_TYPE_MISSING", "type: choose the kind of license");
		}
		String number = license.number() == null ? "" : license.number().strip();
		if (!NUMBER.matcher(number).matches()) {
			throw bad("IDENTITY_LICENSE_NUMBER_INVALID",
					"number: give the license number (1 to 40 letters, digits, spaces, . / -)");
		}
		LocalDate expires = license.expiresOn();
		if (expires == null || expires.getYear() < 2000
				|| expires.isAfter(LocalDate.now().plusYears(LONGEST_YEARS))) {
			throw bad("IDENTITY_LICENSE_EXPIRY_INVALID",
					"expiresOn: give the license's expiry date (at most " + LONGEST_YEARS + " years ahead)");
		}
		return new NewLicense(state, license.type(), number, expires);
	}

	private void requireStaff(OrgId org, UserId staff) {
		List<String> roles = work.reading(org, () -> db.sql("SELECT role FROM identity.user_role WHERE user_id = ?")
			.param(staff.value())
			.query(String.class)
			.list());
		if (roles.stream().map(Role::valueOf).noneMatch(Role::isStaff)) {
			throw bad("IDENTITY_LICENSE_STAFF_UNKNOWN", "staff: choose a member of staff of your organization");
		}
	}

	private void requireAdmin(Actor actor, AuditAction action, String resource) {
		if (!actor.has(Role.ORG_ADMIN)) {
			throw refused(actor, action, resource, "IDENTITY_LICENSE_CHANGE_NOT_ALLOWED",
					"only the organization admin records and changes licenses");
		}
	}

	private HavenException refused(Actor actor, AuditAction action, String resource, String code, String why) {
		audit.recordRefusal(AuditEntry.of(actor.ref(), action, Purpose.OPERATIONS)
			.org(actor.org())
			.resource(TABLE, resource)
			.outcome(AuditOutcome.DENIED)
			.detail("reason", code)
			.build());
		return new HavenException(code, Kind.FORBIDDEN, why);
	}

	private static AuditEntry.Builder entry(Actor admin, AuditAction action, UUID id, UserId staff, NewLicense license) {
		return AuditEntry.of(admin.ref(), action, Purpose.OPERATIONS)
			.org(admin.org())
			.resource(TABLE, id.toString())
			.detail("staff", staff.toString())
			.detail("state", license.state())
			.detail("type", license.type().name())
			.detail("expiresOn", license.expiresOn().toString());
	}

	private static HavenException bad(String code, String explanation) {
		return new HavenException(code, Kind.BAD_REQUEST, explanation);
	}

	private static HavenException duplicate() {
		return new HavenException("IDENTITY_LICENSE_DUPLICATE", Kind.CONFLICT,
				"state and type: this person already has a license of that type for that state; change it instead");
	}

	private static final String SELECT = """
			SELECT id, user_id, state, license_type, number, expires_on FROM identity.staff_license""";

	private static StaffLicense license(java.sql.ResultSet rows) throws java.sql.SQLException {
		return new StaffLicense(rows.getObject(1, UUID.class), new UserId(rows.getObject(2, UUID.class)),
				rows.getString(3), LicenseType.valueOf(rows.getString(4)), rows.getString(5),
				rows.getObject(6, LocalDate.class));
	}

}
