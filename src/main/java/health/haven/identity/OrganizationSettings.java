package health.haven.identity;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.shared.ActorRef;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * An organization's sign-in settings, within the limits Haven allows: staff never idle longer than 15 minutes
 * (HIPAA automatic logoff, SEC-AC-03), clients at most 60, whether clients must use a second factor, and whether
 * a client's access log names staff or shows their roles only.
 */
@Service
public class OrganizationSettings {

	public static final int SHORTEST_IDLE = 2;

	public static final int LONGEST_STAFF_IDLE = 15;

	public static final int LONGEST_CLIENT_IDLE = 60;

	private final JdbcClient db;

	private final TenantWork work;

	private final AuditTrail audit;

	OrganizationSettings(JdbcClient db, TenantWork work, AuditTrail audit) {
		this.db = db;
		this.work = work;
		this.audit = audit;
	}

	public Settings of(OrgId org) {
		return work.reading(org, () -> db
			.sql("""
					SELECT staff_idle_minutes, client_idle_minutes, clients_require_mfa, access_log_shows_names
					FROM identity.organization WHERE id = ?""")
			.param(org.value())
			.query((rows, n) -> new Settings(rows.getInt(1), rows.getInt(2), rows.getBoolean(3), rows.getBoolean(4)))
			.single());
	}

	/** Changes the settings; refused whole if any value is outside its limits. */
	public void change(ActorRef by, OrgId org, Settings settings) {
		if (settings.staffIdleMinutes() < SHORTEST_IDLE || settings.staffIdleMinutes() > LONGEST_STAFF_IDLE) {
			throw new HavenException("IDENTITY_STAFF_IDLE_OUT_OF_RANGE", Kind.BAD_REQUEST,
					"staff idle sign-out must be between 2 and 15 minutes");
		}
		if (settings.clientIdleMinutes() < SHORTEST_IDLE || settings.clientIdleMinutes() > LONGEST_CLIENT_IDLE) {
			throw new HavenException("IDENTITY_CLIENT_IDLE_OUT_OF_RANGE", Kind.BAD_REQUEST,
					"client idle sign-out must be between 2 and 60 minutes");
		}
		work.inTransaction(org, () -> {
			db.sql("""
					UPDATE identity.organization SET staff_idle_minutes = ?, client_idle_minutes = ?, clients_require_mfa = ?,
					       access_log_shows_names = ?
					WHERE id = ?""")
				.params(settings.staffIdleMinutes(), settings.clientIdleMinutes(), settings.clientsRequireMfa(),
						settings.accessLogShowsNames(), org.value())
				.update();
			audit.record(AuditEntry.of(by, AuditAction.CONFIGURATION_CHANGED, Purpose.OPERATIONS)
				.org(org)
				.resource("organization", org.toString())
				.detail("staffIdleMinutes", String.valueOf(settings.staffIdleMinutes()))
				.detail("clientIdleMinutes", String.valueOf(settings.clientIdleMinutes()))
				.detail("clientsRequireMfa", String.valueOf(settings.clientsRequireMfa()))
				.detail("accessLogShowsNames", String.valueOf(settings.accessLogShowsNames()))
				.build());
		});
	}

	/**
	 * @param accessLogShowsNames whether a client's "who viewed my record" names each member of staff, or shows their
	 * role only (some organizations, small rural ones especially, worry that names invite confrontation; HIPAA asks
	 * for neither, so the organization decides; names by default)
	 */
	public record Settings(int staffIdleMinutes, int clientIdleMinutes, boolean clientsRequireMfa,
			boolean accessLogShowsNames) {

		public Settings(int staffIdleMinutes, int clientIdleMinutes, boolean clientsRequireMfa) {
			this(staffIdleMinutes, clientIdleMinutes, clientsRequireMfa, true);
		}

	}

}
