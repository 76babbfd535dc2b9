package health.haven.identity;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Programs, care teams and who is on them: the relationships that decide which clients a member of staff may see.
 *
 * <p>Relationships are read on every access decision, so each person's are cached in memory; any change in an
 * organization drops that organization's cached entries at once (and {@link CareTeamChanged} tells other listeners).
 * Changes are audited as permission changes.
 */
@Service
public class CareTeams {

	private final JdbcClient db;

	private final TenantWork work;

	private final AuditTrail audit;

	private final ApplicationEventPublisher events;

	private final Map<UserId, Relationships> cache = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	CareTeams(JdbcClient db, TenantWork work, AuditTrail audit, ApplicationEventPublisher events) {
		this.db = db;
		this.work = work;
		this.audit = audit;
		this.events = events;
	}

	/** How a person stands to a client in the person's organization. */
	public Relationship relationship(OrgId org, UserId person, ClientId client) {
		return relationshipsOf(org, person).to(client);
	}

	/** The clients a person is related to (their own record for a client; care team and program for staff). */
	public Set<ClientId> clientsOf(OrgId org, UserId person) {
		return relationshipsOf(org, person).all();
	}

	/** The organization's care teams, id to name, by name. */
	public Map<UUID, String> teams(OrgId org) {
		Map<UUID, String> teams = new java.util.LinkedHashMap<>();
		work.reading(org, () -> db.sql("SELECT id, name FROM identity.care_team ORDER BY name")
			.query((rows, n) -> teams.put(rows.getObject(1, UUID.class), rows.getString(2)))
			.list());
		return teams;
	}

	/**
	 * The care teams a person works on, id to name, by name: those they are a member of and those of the programs they
	 * direct. Where a new client of theirs can be placed so that they see the client.
	 */
	public Map<UUID, String> teamsOf(OrgId org, UserId person) {
		Map<UUID, String> teams = new java.util.LinkedHashMap<>();
		work.reading(org, () -> db.sql("""
				SELECT t.id, t.name FROM identity.care_team t
				WHERE t.id IN (SELECT care_team_id FROM identity.care_team_member WHERE user_id = ?)
				   OR t.program_id IN (SELECT program_id FROM identity.program_director WHERE user_id = ?)
				ORDER BY t.name, t.id""")
			.params(person.value(), person.value())
			.query((rows, n) -> teams.put(rows.getObject(1, UUID.class), rows.getString(2)))
			.list());
		return teams;
	}

	/** A program of the organization: its id, name and the names of its care teams. */
	public record ProgramSummary(UUID id, String name, List<String> careTeams) {
	}

	/** The organization's programs, by name. */
	public List<ProgramSummary> programs(OrgId org) {
		return work.reading(org, () -> db.sql("SELECT id, name FROM identity.program ORDER BY name, id")
			.query((rows, n) -> rows.getObject(1, UUID.class))
			.list()
			.stream()
			.map(id -> program(org, id).orElseThrow())
			.toList());
	}

	/** One program of the organization, if it exists there. */
	public Optional<ProgramSummary> program(OrgId org, UUID program) {
		return work.reading(org, () -> db.sql("SELECT name FROM identity.program WHERE id = ?")
			.param(program)
			.query(String.class)
			.optional()
			.map(name -> new ProgramSummary(program, name, db
				.sql("SELECT name FROM identity.care_team WHERE program_id = ? ORDER BY name")
				.param(program)
				.query(String.class)
				.list())));
	}

	/** The members of the client's care teams: who looks after the client day to day (and gets their messages). */
	public Set<UserId> careTeamOf(OrgId org, ClientId client) {
		return work.reading(org, () -> Set.copyOf(db.sql("""
				SELECT DISTINCT m.user_id FROM identity.care_team_member m
				JOIN identity.care_team_client c ON c.care_team_id = m.care_team_id
				WHERE c.client_id = ?""")
			.param(client.value())
			.query((rows, n) -> new UserId(rows.getObject(1, UUID.class)))
			.list()));
	}

	/** The portal accounts linked to the client's record (usually one). */
	public Set<UserId> accountsOf(OrgId org, ClientId client) {
		return work.reading(org, () -> Set.copyOf(db.sql("SELECT user_id FROM identity.client_account WHERE client_id = ?")
			.param(client.value())
			.query((rows, n) -> new UserId(rows.getObject(1, UUID.class)))
			.list()));
	}

	/** Whether the person directs the program. */
	public boolean directs(OrgId org, UserId person, UUID program) {
		return work.reading(org, () -> db
			.sql("SELECT count(*) FROM identity.program_director WHERE program_id = ? AND user_id = ?")
			.params(program, person.value())
			.query(Long.class)
			.single() > 0);
	}

	/**
	 * The staff who work in a program: the members of its care teams and its directors (who may facilitate its groups
	 * or see its schedule).
	 */
	public Set<UserId> staffOf(OrgId org, UUID program) {
		return work.reading(org, () -> Set.copyOf(db.sql("""
				SELECT m.user_id FROM identity.care_team_member m JOIN identity.care_team t ON t.id = m.care_team_id
				WHERE t.program_id = ?
				UNION SELECT d.user_id FROM identity.program_director d WHERE d.program_id = ?""")
			.params(program, program)
			.query((rows, n) -> new UserId(rows.getObject(1, UUID.class)))
			.list()));
	}

	/** The programs a person directs. */
	public Set<UUID> programsDirectedBy(OrgId org, UserId person) {
		return work.reading(org, () -> Set.copyOf(db
			.sql("SELECT program_id FROM identity.program_director WHERE user_id = ?")
			.param(person.value())
			.query(UUID.class)
			.list()));
	}

	public UUID createProgram(ActorRef by, OrgId org, String name) {
		UUID id = UUID.randomUUID();
		change(by, org, "program", id, "created", () -> db
			.sql("INSERT INTO identity.program (id, org_id, name) VALUES (?, ?, ?)")
			.params(id, org.value(), requireName(name))
			.update());
		return id;
	}

	public void addDirector(ActorRef by, OrgId org, UUID program, UserId director) {
		change(by, org, "program", program, "director_added", () -> db
			.sql("INSERT INTO identity.program_director (program_id, user_id, org_id) VALUES (?, ?, ?)")
			.params(program, director.value(), org.value())
			.update());
	}

	public UUID createCareTeam(ActorRef by, OrgId org, Optional<UUID> program, String name) {
		UUID id = UUID.randomUUID();
		change(by, org, "care_team", id, "created", () -> db
			.sql("INSERT INTO identity.care_team (id, org_id, program_id, name) VALUES (?, ?, ?, ?)")
			.params(id, org.value(), program.orElse(null), requireName(name))
			.update());
		return id;
	}

	public void addMember(ActorRef by, OrgId org, UUID careTeam, UserId member) {
		change(by, org, "care_team", careTeam, "member_added", () -> db
			.sql("INSERT INTO identity.care_team_member (care_team_id, user_id, org_id) VALUES (?, ?, ?)")
			.params(careTeam, member.value(), org.value())
			.update());
	}

	public void removeMember(ActorRef by, OrgId org, UUID careTeam, UserId member) {
		change(by, org, "care_team", careTeam, "member_removed", () -> db
			.sql("DELETE FROM identity.care_team_member WHERE care_team_id = ? AND user_id = ?")
			.params(careTeam, member.value())
			.update());
	}

	public void assignClient(ActorRef by, OrgId org, UUID careTeam, ClientId client) {
		change(by, org, "care_team", careTeam, "client_assigned", () -> db
			.sql("INSERT INTO identity.care_team_client (care_team_id, client_id, org_id) VALUES (?, ?, ?)")
			.params(careTeam, client.value(), org.value())
			.update());
	}

	public void unassignClient(ActorRef by, OrgId org, UUID careTeam, ClientId client) {
		change(by, org, "care_team", careTeam, "client_unassigned", () -> db
			.sql("DELETE FROM identity.care_team_client WHERE care_team_id = ? AND client_id = ?")
			.params(careTeam, client.value())
			.update());
	}

	/** Links a client's portal account to their record, so that they can see it. */
	public void linkClientAccount(ActorRef by, OrgId org, ClientId client, UserId account) {
		change(by, org, "user_account", account.value(), "client_linked", () -> db
			.sql("INSERT INTO identity.client_account (client_id, user_id, org_id) VALUES (?, ?, ?)")
			.params(client.value(), account.value(), org.value())
			.update());
	}

	private void change(ActorRef by, OrgId org, String type, UUID id, String what, Runnable statement) {
		try {
			work.inTransaction(org, () -> {
				statement.run();
				audit.record(AuditEntry.of(by, AuditAction.PERMISSION_CHANGED, Purpose.OPERATIONS)
					.org(org)
					.resource(type, id.toString())
					.detail("change", what)
					.build());
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw new HavenException("IDENTITY_CARE_TEAM_CHANGE_REFUSED", Kind.CONFLICT,
					"that change conflicts with the care teams as they are (already done, or unknown team or person)");
		}
		finally {
			invalidate(org);
		}
		events.publishEvent(new CareTeamChanged(org));
	}

	private void invalidate(OrgId org) {
		generation.incrementAndGet();
		cache.values().removeIf(cached -> cached.org().equals(org));
	}

	private Relationships relationshipsOf(OrgId org, UserId person) {
		Relationships cached = cache.get(person);
		if (cached != null && cached.org().equals(org)) {
			return cached;
		}
		long seen = generation.get();
		Relationships loaded = work.reading(org, () -> load(org, person));
		if (generation.get() == seen) {
			cache.put(person, loaded);
		}
		return loaded;
	}

	private Relationships load(OrgId org, UserId person) {
		Set<ClientId> self = new HashSet<>(db.sql("SELECT client_id FROM identity.client_account WHERE user_id = ?")
			.param(person.value())
			.query((rows, n) -> new ClientId(rows.getObject(1, UUID.class)))
			.list());
		Set<ClientId> team = new HashSet<>(db.sql("""
				SELECT c.client_id FROM identity.care_team_client c
				JOIN identity.care_team_member m ON m.care_team_id = c.care_team_id
				WHERE m.user_id = ?""")
			.param(person.value())
			.query((rows, n) -> new ClientId(rows.getObject(1, UUID.class)))
			.list());
		Set<ClientId> program = new HashSet<>(db.sql("""
				SELECT c.client_id FROM identity.care_team_client c
				JOIN identity.care_team t ON t.id = c.care_team_id
				JOIN identity.program_director d ON d.program_id = t.program_id
				WHERE d.user_id = ?""")
			.param(person.value())
			.query((rows, n) -> new ClientId(rows.getObject(1, UUID.class)))
			.list());
		return new Relationships(org, Set.copyOf(self), Set.copyOf(team), Set.copyOf(program));
	}

	private static String requireName(String name) {
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new HavenException("IDENTITY_NAME_MISSING", Kind.BAD_REQUEST, "a name of 1 to 200 characters is required");
		}
		return name.strip();
	}

	private record Relationships(OrgId org, Set<ClientId> self, Set<ClientId> team, Set<ClientId> program) {

		Relationship to(ClientId client) {
			if (self.contains(client)) {
				return Relationship.SELF;
			}
			if (team.contains(client)) {
				return Relationship.CARE_TEAM;
			}
			if (program.contains(client)) {
				return Relationship.PROGRAM;
			}
			return Relationship.NONE;
		}

		Set<ClientId> all() {
			Set<ClientId> all = new HashSet<>(self);
			all.addAll(team);
			all.addAll(program);
			return Set.copyOf(all);
		}

	}


}
