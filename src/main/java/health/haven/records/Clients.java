package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
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
import health.haven.identity.CareTeams;
import health.haven.identity.Role;
import health.haven.records.internal.ChartState;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Phi;
import health.haven.shared.Purpose;
import health.haven.shared.Redaction;
import health.haven.shared.tenancy.TenantWork;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
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

	/** Who registers clients at admission (see {@link #admit}); deny by default. */
	static final Set<Role> REGISTRARS = Set.of(Role.FRONT_DESK, Role.CLINICIAN, Role.PROGRAM_DIRECTOR);

	static final IndexedColumn NAME_AND_BIRTH = IndexedColumn.unique("records.client", "name_dob", Normalization.TEXT);

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final BlindIndex index;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	private final CareTeams careTeams;

	private final ChartState state;

	Clients(JdbcClient db, TenantWork work, FieldCipher cipher, BlindIndex index, AccessDecisions decisions,
			AuditTrail audit, CareTeams careTeams, ChartState state) {
		this.state = state;
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.index = index;
		this.decisions = decisions;
		this.audit = audit;
		this.careTeams = careTeams;
	}

	/**
	 * Registers a client for an organization, as a system process (the demo, tests); checked whole before anything is
	 * written. Staff register through {@link #admit}.
	 */
	public ClientId register(ActorRef by, OrgId org, NewClient client) {
		Checked checked = check(client);
		return work.inTransaction(org, () -> insert(by, org, checked, Purpose.OPERATIONS));
	}

	/**
	 * Registers a client at admission, as a member of staff, and places them on a care team so that they are seen.
	 *
	 * <p>Who may register: the front desk (admission is their work), clinicians and program directors (intake
	 * assessments). Nobody else: not billing, not organization admins (they manage people and teams, not clients), not
	 * facilitators, the privacy officer or auditors. A clinician's or program director's new client goes on one of
	 * the care teams they work on (the one named, or their only one), so that they can see the client they just
	 * registered; the front desk may name any care team of the organization, or none (the client then waits for an
	 * administrator to assign a team, and is seen meanwhile by the organization-wide roles only).
	 *
	 * <p>A client already registered with the same name and date of birth is refused with 409 and nothing is written;
	 * the refusal names the existing client only to someone who may see them, and the attempt is audited against the
	 * existing client. Input is checked before that lookup, and the role before the input.
	 *
	 * @param careTeam the care team to place the client on, or empty
	 */
	public ClientId admit(Actor actor, NewClient client, Optional<UUID> careTeam) {
		Purpose purpose = decisions.usualPurpose(actor);
		requireRegistrar(actor);
		Checked checked = check(client);
		Optional<UUID> team = teamFor(actor, careTeam);
		byte[] key = index.of(actor.org(), NAME_AND_BIRTH, checked.name(), checked.dateOfBirth().toString());
		Optional<ClientId> existing = work.reading(actor.org(),
				() -> db.sql("SELECT id FROM records.client WHERE name_dob_bidx = ?")
					.param(key)
					.query((rs, n) -> new ClientId(rs.getObject(1, UUID.class)))
					.optional());
		if (existing.isPresent()) {
			throw alreadyRegistered(actor, existing.get(), purpose);
		}
		try {
			return work.inTransaction(actor.org(), () -> {
				ClientId id = insert(actor.ref(), actor.org(), checked, purpose);
				team.ifPresent(chosen -> careTeams.assignClient(actor.ref(), actor.org(), chosen, id));
				return id;
			});
		}
		catch (DuplicateKeyException ex) {
			// Registered by someone else a moment ago: the unique index holds the rule.
			Optional<ClientId> raced = work.reading(actor.org(),
					() -> db.sql("SELECT id FROM records.client WHERE name_dob_bidx = ?")
						.param(key)
						.query((rs, n) -> new ClientId(rs.getObject(1, UUID.class)))
						.optional());
			throw raced.map(other -> alreadyRegistered(actor, other, purpose))
				.orElseThrow(() -> new ClientAlreadyRegistered(Optional.empty()));
		}
	}

	/** Refuses (403, audited) anyone who may not register clients; see {@link #admit} for who may. */
	public void requireRegistrar(Actor actor) {
		if (REGISTRARS.stream().noneMatch(actor::has)) {
			audit.record(AuditEntry.of(actor.ref(), AuditAction.CREATE, decisions.usualPurpose(actor))
				.org(actor.org())
				.resource("client", "new")
				.detail("reason", "ROLE_MAY_NOT_REGISTER")
				.outcome(AuditOutcome.DENIED)
				.build());
			throw new HavenException("RECORDS_REGISTRATION_NOT_ALLOWED", Kind.FORBIDDEN,
					"clients are registered by the front desk, clinicians and program directors");
		}
	}

	/** Whether this person may register clients (to offer the page), without auditing anything. */
	public boolean mayRegister(Actor actor) {
		return REGISTRARS.stream().anyMatch(actor::has);
	}

	/** The two-letter codes a state of residence may take, sorted. */
	public static List<String> states() {
		return STATES.stream().sorted().toList();
	}

	/**
	 * The client of this name and date of birth, found through the blind index (exact after normalization: no other
	 * row is opened, nothing is matched by pattern), if the actor may see them. A match the actor may not see is
	 * answered exactly as no match (an empty list); it is audited as a denial against that client. The search itself
	 * is audited with the number of results it showed, never with what was searched for.
	 */
	public List<ClientSummary> search(Actor actor, String name, LocalDate dateOfBirth) {
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new HavenException("RECORDS_SEARCH_NAME_INVALID", Kind.BAD_REQUEST,
					"search with the client's full name (1 to 200 characters)");
		}
		if (dateOfBirth == null) {
			throw new HavenException("RECORDS_SEARCH_BIRTH_DATE_INVALID", Kind.BAD_REQUEST,
					"search with the client's date of birth (YYYY-MM-DD)");
		}
		Purpose purpose = decisions.usualPurpose(actor);
		byte[] key = index.of(actor.org(), NAME_AND_BIRTH, name, dateOfBirth.toString());
		List<Row> matches = work.reading(actor.org(), () -> rows("WHERE name_dob_bidx = ?", (Object) key));
		List<ClientSummary> found = new ArrayList<>();
		for (Row row : matches) {
			if (decisions.decide(actor, actor.org(), row.id(), DataCategory.DEMOGRAPHIC, purpose).permitted()) {
				decisions.enforce(actor, actor.org(), row.id(), DataCategory.DEMOGRAPHIC, purpose, AuditAction.READ,
						"client", row.id().toString());
				found.add(open(actor.org(), row));
			}
			else {
				audit.record(AuditEntry.of(actor.ref(), AuditAction.READ, purpose)
					.org(actor.org())
					.client(row.id())
					.resource("client_search", row.id().toString())
					.detail("category", DataCategory.DEMOGRAPHIC.name())
					.detail("reason", "SEARCH_MATCH_NOT_VISIBLE")
					.outcome(AuditOutcome.DENIED)
					.build());
			}
		}
		audit.record(AuditEntry.of(actor.ref(), AuditAction.READ, purpose)
			.org(actor.org())
			.resource("client_search", "name_dob")
			.detail("results", Integer.toString(found.size()))
			.outcome(AuditOutcome.ALLOWED)
			.build());
		return found;
	}

	private ClientId insert(ActorRef by, OrgId org, Checked client, Purpose purpose) {
		ClientId id = ClientId.random();
		KeyScope key = KeyScope.client(org, id);
		db.sql("""
				INSERT INTO records.client (id, org_id, name, date_of_birth, state, contact, name_dob_bidx)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(id.value(), org.value(), cipher.sealText(key, field("name", id), client.name()),
					cipher.sealText(key, field("date_of_birth", id), client.dateOfBirth().toString()),
					cipher.sealText(key, field("state", id), client.state()),
					client.contact() == null ? null : cipher.sealText(key, field("contact", id), client.contact()),
					index.of(org, NAME_AND_BIRTH, client.name(), client.dateOfBirth().toString()))
			.update();
		audit.record(AuditEntry.of(by, AuditAction.CREATE, purpose)
			.org(org)
			.client(id)
			.resource("client", id.toString())
			.build());
		return id;
	}

	/** The care team a staff registration goes on; refuses a team the registrant may not place clients on. */
	private Optional<UUID> teamFor(Actor actor, Optional<UUID> requested) {
		boolean clinical = actor.has(Role.CLINICIAN) || actor.has(Role.PROGRAM_DIRECTOR);
		java.util.Map<UUID, String> own = clinical ? careTeams.teamsOf(actor.org(), actor.user()) : java.util.Map.of();
		if (requested.isPresent()) {
			boolean allowed = own.containsKey(requested.get())
					|| actor.has(Role.FRONT_DESK) && careTeams.teams(actor.org()).containsKey(requested.get());
			if (!allowed) {
				throw new HavenException("RECORDS_CARE_TEAM_INVALID", Kind.BAD_REQUEST,
						"choose one of the care teams offered");
			}
			return requested;
		}
		if (!clinical) {
			return Optional.empty();
		}
		if (own.size() == 1) {
			return Optional.of(own.keySet().iterator().next());
		}
		if (own.isEmpty()) {
			if (actor.has(Role.FRONT_DESK)) {
				return Optional.empty();
			}
			throw new HavenException("RECORDS_CARE_TEAM_REQUIRED", Kind.BAD_REQUEST,
					"you are on no care team, so you could not see this client: ask an administrator to add you to one");
		}
		throw new HavenException("RECORDS_CARE_TEAM_REQUIRED", Kind.BAD_REQUEST,
				"choose which of your care teams the client joins");
	}

	private ClientAlreadyRegistered alreadyRegistered(Actor actor, ClientId existing, Purpose purpose) {
		boolean visible = decisions.decide(actor, actor.org(), existing, DataCategory.DEMOGRAPHIC, purpose)
			.permitted();
		audit.record(AuditEntry.of(actor.ref(), AuditAction.CREATE, purpose)
			.org(actor.org())
			.client(existing)
			.resource("client", existing.toString())
			.detail("reason", "ALREADY_REGISTERED")
			.detail("visible", Boolean.toString(visible))
			.outcome(AuditOutcome.DENIED)
			.build());
		return new ClientAlreadyRegistered(visible ? Optional.of(existing) : Optional.empty());
	}

	/** The whole input checked and normalized before anything is looked up or written. */
	private static Checked check(NewClient client) {
		if (client == null) {
			throw new HavenException("RECORDS_CLIENT_NAME_INVALID", Kind.BAD_REQUEST,
					"a client needs a name of 1 to 200 characters");
		}
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
		return new Checked(name, client.dateOfBirth(), state, contact);
	}

	private record Checked(@Phi String name, @Phi LocalDate dateOfBirth, @Phi String state, @Phi String contact) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

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
		state.seen(actor.org(), id, row.get().status());
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
