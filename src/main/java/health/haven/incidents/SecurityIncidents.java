package health.haven.incidents;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The security incident register (DESIGN.md capabilities 5, 8 and 10): anyone signed in, client or staff, reports
 * suspicious activity ("report suspicious activity" in the security centre: a sign-in they do not recognise, a lost
 * phone, an odd message), which opens an incident for the privacy officer ({@link Role#COMPLIANCE_OFFICER}). The
 * report is audited (with ids and codes only); the reporter's words are sealed under the organization's
 * {@code incidents} key and shown to the privacy officer alone. Nobody else can list or open incidents, the
 * reporter included: they are told the reference to quote.
 */
@Service
public class SecurityIncidents {

	static final int LONGEST_DESCRIPTION = 4000;

	/** Reference letters without look-alikes (no 0/O, 1/I/L), read out easily on the telephone. */
	private static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AuditTrail audit;

	private final Accounts accounts;

	private final ApplicationEventPublisher events;

	SecurityIncidents(JdbcClient db, TenantWork work, FieldCipher cipher, AuditTrail audit, Accounts accounts,
			ApplicationEventPublisher events) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.audit = audit;
		this.accounts = accounts;
		this.events = events;
	}

	/** A report of suspicious activity; returns the reference the reporter is given. */
	public String reportSuspiciousActivity(Actor reporter, String description) {
		String text = description == null ? "" : description.strip();
		if (text.isEmpty()) {
			throw new HavenException("INCIDENTS_DESCRIPTION_MISSING", Kind.BAD_REQUEST,
					"say what looked wrong, even in a few words");
		}
		if (text.length() > LONGEST_DESCRIPTION) {
			throw new HavenException("INCIDENTS_DESCRIPTION_TOO_LONG", Kind.BAD_REQUEST,
					"please keep it under " + LONGEST_DESCRIPTION + " characters");
		}
		UUID id = UUID.randomUUID();
		byte[] sealed = cipher.sealText(scope(reporter.org()), field(id), text);
		for (int attempt = 0;; attempt++) {
			String reference = reference();
			try {
				work.inTransaction(reporter.org(), () -> {
					db.sql("""
							INSERT INTO incidents.incident (id, org_id, reference, kind, reported_by, description)
							VALUES (?, ?, ?, 'SUSPICIOUS_ACTIVITY', ?, ?)""")
						.params(id, reporter.org().value(), reference, reporter.user().value(), sealed)
						.update();
					audit.record(AuditEntry.of(reporter.ref(), AuditAction.CREATE, Purpose.COMPLIANCE)
						.org(reporter.org())
						.resource("incident", id.toString())
						.detail("kind", "SUSPICIOUS_ACTIVITY")
						.detail("reference", reference)
						.build());
				});
				events.publishEvent(new IncidentReported(reporter.org(), id));
				return reference;
			}
			catch (DuplicateKeyException ex) {
				if (attempt >= 3) {
					throw ex;
				}
			}
		}
	}

	/** Every incident of the organization, newest first, without the reporters' words; the privacy officer only. */
	public List<Incident> all(Actor reader) {
		requirePrivacyOfficer(reader, "list");
		audit.recordBeforeRead(AuditEntry.of(reader.ref(), AuditAction.READ, Purpose.COMPLIANCE)
			.org(reader.org())
			.resource("incident_list", reader.org().toString())
			.build());
		List<Row> rows = work.reading(reader.org(), () -> rows("ORDER BY reported_at DESC, id"));
		Map<UserId, String> names = names(reader.org(), rows);
		return rows.stream().map(row -> incident(row, names, null)).toList();
	}

	/** One incident with the reporter's words; the privacy officer only; "not found" when there is none. */
	public Incident find(Actor reader, UUID id) {
		requirePrivacyOfficer(reader, id.toString());
		Optional<Row> row = work.reading(reader.org(), () -> rows("WHERE id = ?", id).stream().findFirst());
		if (row.isEmpty()) {
			throw new HavenException("INCIDENTS_NOT_FOUND", Kind.NOT_FOUND, "no such incident");
		}
		audit.recordBeforeRead(AuditEntry.of(reader.ref(), AuditAction.READ, Purpose.COMPLIANCE)
			.org(reader.org())
			.resource("incident", id.toString())
			.build());
		return incident(row.get(), names(reader.org(), List.of(row.get())),
				cipher.openText(scope(reader.org()), field(id), row.get().description()));
	}

	private void requirePrivacyOfficer(Actor actor, String resource) {
		if (!actor.has(Role.COMPLIANCE_OFFICER)) {
			audit.recordRefusal(AuditEntry.of(actor.ref(), AuditAction.READ, Purpose.COMPLIANCE)
				.org(actor.org())
				.resource("incident", resource.replaceAll("[^A-Za-z0-9_.:/+=-]", ""))
				.detail("reason", "ROLE_NOT_PRIVACY_OFFICER")
				.outcome(AuditOutcome.DENIED)
				.build());
			throw new HavenException("INCIDENTS_PRIVACY_OFFICER_ONLY", Kind.FORBIDDEN,
					"security incidents are handled by the privacy officer");
		}
	}

	private Map<UserId, String> names(OrgId org, List<Row> rows) {
		return accounts.displayNames(org, rows.stream().map(Row::reportedBy).collect(Collectors.toSet()));
	}

	private Incident incident(Row row, Map<UserId, String> names, String description) {
		return new Incident(row.id(), row.reference(), row.kind(), row.reportedBy(),
				names.getOrDefault(row.reportedBy(), "A former account"), row.reportedAt(), row.status(),
				description);
	}

	private List<Row> rows(String where, Object... params) {
		return db.sql("SELECT id, reference, kind, reported_by, reported_at, status, description FROM incidents.incident "
				+ where)
			.params(params)
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					new UserId(rs.getObject(4, UUID.class)), rs.getTimestamp(5).toInstant(), rs.getString(6),
					rs.getBytes(7)))
			.list();
	}

	private static String reference() {
		StringBuilder reference = new StringBuilder("SEC-");
		for (int i = 0; i < 6; i++) {
			reference.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return reference.toString();
	}

	private static KeyScope scope(OrgId org) {
		return KeyScope.purpose(org, "incidents");
	}

	private static FieldRef field(UUID id) {
		return FieldRef.of("incidents.incident", "description", id);
	}

	private record Row(UUID id, String reference, String kind, UserId reportedBy, java.time.Instant reportedAt,
			String status, byte[] description) {
	}

}
