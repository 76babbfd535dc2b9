package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.BlindIndex;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.IndexedColumn;
import health.haven.crypto.KeyScope;
import health.haven.crypto.Normalization;
import health.haven.identity.Actor;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The client registry. Every value is sealed under the client's own key before it reaches PostgreSQL; every read
 * goes through {@link AccessDecisions#enforce} (decided and audited before any value is opened).
 */
@Service
public class Clients {

	static final Set<String> STATES = Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI",
			"ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
			"NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
			"WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP");

	static final IndexedColumn NAME_AND_BIRTH = IndexedColumn.unique("records.client", "name_dob", Normalization.TEXT);

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final BlindIndex index;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	Clients(JdbcClient db, TenantWork work, FieldCipher cipher, BlindIndex index, AccessDecisions decisions,
			AuditTrail audit) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.index = index;
		this.decisions = decisions;
		this.audit = audit;
	}

	/** Registers a client; checked whole before anything is written. */
	public ClientId register(ActorRef by, OrgId org, NewClient client) {
		String name = client.name() == null ? "" : client.name().strip();
		if (name.isEmpty() || name.length() > 200) {
			throw new HavenException("RECORDS_CLIENT_NAME_INVALID", Kind.BAD_REQUEST,
					"a client needs a name of 1 to 200 characters");
		}
		if (client.dateOfBirth() == null || client.dateOfBirth().isAfter(LocalDate.now())
				|| client.dateOfBirth().isBefore(LocalDate.of(1900, 1, 1))) {
			throw new HavenException("RECORDS_CLIENT_BIRTH_DATE_INVALID", Kind.BAD_REQUEST,
					"a client needs a date of birth between 1900 and today");
		}
		String state = client.state() == null ? "" : client.state().strip().toUpperCase(Locale.ROOT);
		if (!STATES.contains(state)) {
			throw new HavenException("RECORDS_CLIENT_STATE_INVALID", Kind.BAD_REQUEST,
					"the state of residence must be a two-letter US state or territory code");
		}
		String contact = client.contact() == null || client.contact().isBlank() ? null : client.contact().strip();
		if (contact != null && contact.length() > 200) {
			throw new HavenException("RECORDS_CLIENT_CONTACT_INVALID", Kind.BAD_REQUEST, "the contact is too long");
		}
		ClientId id = ClientId.random();
		KeyScope key = KeyScope.client(org, id);
		return work.inTransaction(org, () -> {
			db.sql("""
					INSERT INTO records.client (id, org_id, name, date_of_birth, state, contact, name_dob_bidx)
					VALUES (?, ?, ?, ?, ?, ?, ?)""")
				.params(id.value(), org.value(), cipher.sealText(key, field("name", id), name),
						cipher.sealText(key, field("date_of_birth", id), client.dateOfBirth().toString()),
						cipher.sealText(key, field("state", id), state),
						contact == null ? null : cipher.sealText(key, field("contact", id), contact),
						index.of(org, NAME_AND_BIRTH, name, client.dateOfBirth().toString()))
				.update();
			audit.record(AuditEntry.of(by, AuditAction.CREATE, Purpose.OPERATIONS)
				.org(org)
				.client(id)
				.resource("client", id.toString())
				.build());
			return id;
		});
	}

	/**
	 * One client's registry entry, if the actor may see it for this purpose; "not found" otherwise. The decision and
	 * its audit entry come after the sealed row is read and before any value is opened; they run outside the read's
	 * transaction so that a denial's audit entry is kept although the request fails.
	 */
	public ClientSummary find(Actor actor, ClientId id, Purpose purpose) {
		Optional<Row> row = work.reading(actor.org(), () -> rows("WHERE id = ?", id.value()).stream().findFirst());
		if (row.isEmpty()) {
			throw decisions.refuseUnknown(actor, id, DataCategory.DEMOGRAPHIC, purpose, AuditAction.READ, "client");
		}
		decisions.enforce(actor, actor.org(), id, DataCategory.DEMOGRAPHIC, purpose, AuditAction.READ, "client",
				id.toString());
		return open(actor.org(), row.get());
	}

	/** The clients the actor may see for this purpose, sorted by name; each one decided and audited. */
	public List<ClientSummary> visibleTo(Actor actor, Purpose purpose) {
		AccessDecisions.Scope scope = decisions.scope(actor, DataCategory.DEMOGRAPHIC, purpose);
		if (!scope.wholeOrganization() && scope.clients().isEmpty()) {
			return List.of();
		}
		List<Row> rows = work.reading(actor.org(), () -> scope.wholeOrganization() ? rows("ORDER BY created_at")
				: rows("WHERE id = ANY (?)", (Object) scope.clients().stream().map(ClientId::value).toArray(UUID[]::new)));
		List<ClientSummary> visible = new ArrayList<>();
		for (Row row : rows) {
			if (decisions.decide(actor, actor.org(), row.id(), DataCategory.DEMOGRAPHIC, purpose).permitted()) {
				decisions.enforce(actor, actor.org(), row.id(), DataCategory.DEMOGRAPHIC, purpose, AuditAction.READ,
						"client", row.id().toString());
				visible.add(open(actor.org(), row));
			}
		}
		visible.sort(Comparator.comparing(ClientSummary::name, String.CASE_INSENSITIVE_ORDER));
		return visible;
	}

	private List<Row> rows(String where, Object... params) {
		return db.sql("SELECT id, name, date_of_birth, state, contact, status FROM records.client " + where)
			.params(params)
			.query((rs, n) -> new Row(new ClientId(rs.getObject(1, UUID.class)), rs.getBytes(2), rs.getBytes(3),
					rs.getBytes(4), rs.getBytes(5), rs.getString(6)))
			.list();
	}

	private ClientSummary open(OrgId org, Row row) {
		KeyScope key = KeyScope.client(org, row.id());
		return new ClientSummary(row.id(), cipher.openText(key, field("name", row.id()), row.name()),
				LocalDate.parse(cipher.openText(key, field("date_of_birth", row.id()), row.dateOfBirth())),
				cipher.openText(key, field("state", row.id()), row.state()),
				row.contact() == null ? null : cipher.openText(key, field("contact", row.id()), row.contact()),
				row.status());
	}

	private static FieldRef field(String column, ClientId id) {
		return FieldRef.of("records.client", column, id.value());
	}

	private record Row(ClientId id, byte[] name, byte[] dateOfBirth, byte[] state, byte[] contact, String status) {
	}

}
