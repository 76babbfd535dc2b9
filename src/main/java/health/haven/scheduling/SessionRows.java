package health.haven.scheduling;

import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The session rows both {@link Sessions} and {@link SessionPlanner} read, who takes part in a session, and who may
 * see it. Every method runs inside the caller's tenant transaction.
 */
@Component
class SessionRows {

	static final String SELECT = """
			SELECT s.id, s.kind, s.program_id, s.track_id, s.series_id, s.occurrence_date, s.starts_at, s.ends_at,
			       s.zone, s.status, s.moved, s.facilitator, s.co_facilitator, s.client_id, s.capacity, s.version, t.name
			FROM scheduling.session s LEFT JOIN scheduling.track t ON t.id = s.track_id""";

	private final JdbcClient db;

	private final CareTeams careTeams;

	private final ZoneId defaultZone;

	SessionRows(JdbcClient db, CareTeams careTeams,
			@Value("${haven.scheduling.default-zone:America/New_York}") String defaultZone) {
		this.db = db;
		this.careTeams = careTeams;
		this.defaultZone = ZoneId.of(defaultZone);
	}

	ZoneId defaultZone() {
		return defaultZone;
	}

	Optional<Row> find(UUID session, boolean forUpdate) {
		return db.sql(SELECT + " WHERE s.id = ?" + (forUpdate ? " FOR UPDATE OF s" : ""))
			.param(session)
			.query((rs, n) -> row(rs))
			.optional();
	}

	/** The clients expected: the client of an individual session; a group's active track enrollment plus additions. */
	List<ClientId> roster(Row row) {
		if (row.kind() == SessionKind.INDIVIDUAL) {
			return List.of(row.client());
		}
		return db.sql("""
				SELECT client_id FROM scheduling.enrollment WHERE track_id = ? AND status = 'ACTIVE'
				UNION SELECT client_id FROM scheduling.session_roster_addition WHERE session_id = ?
				ORDER BY 1""")
			.params(row.track(), row.id())
			.query((rs, n) -> new ClientId(rs.getObject(1, UUID.class)))
			.list();
	}

	/** The client records a person's own account is linked to (none for staff). */
	Set<ClientId> ownClients(OrgId org, UserId user) {
		return careTeams.clientsOf(org, user)
			.stream()
			.filter(client -> careTeams.relationship(org, user, client) == Relationship.SELF)
			.collect(Collectors.toUnmodifiableSet());
	}

	/** How a member of staff takes part in a session, or empty if they do not. */
	Optional<String> staffRole(Actor actor, Row row) {
		if (row.facilitator().equals(actor.user())) {
			return Optional.of(row.kind() == SessionKind.GROUP ? "Facilitator" : "Clinician");
		}
		if (actor.user().equals(row.coFacilitator())) {
			return Optional.of("Co-facilitator");
		}
		if (directs(actor, row)) {
			return Optional.of("Program director");
		}
		return Optional.empty();
	}

	boolean directs(Actor actor, Row row) {
		return actor.has(Role.PROGRAM_DIRECTOR) && row.program() != null
				&& careTeams.directs(actor.org(), actor.user(), row.program());
	}

	/** Rows of the sessions overlapping [from, to) in which the staff member takes part, or whose program they direct. */
	List<Row> ofStaff(Actor actor, Instant from, Instant to) {
		Set<UUID> directed = actor.has(Role.PROGRAM_DIRECTOR)
				? careTeams.programsDirectedBy(actor.org(), actor.user()) : Set.of();
		return db.sql(SELECT + """

				WHERE s.starts_at < ? AND s.ends_at > ?
				  AND (s.facilitator = ? OR s.co_facilitator = ? OR s.program_id::text = ANY (string_to_array(?, ',')))
				ORDER BY s.starts_at, s.id""")
			.params(java.sql.Timestamp.from(to), java.sql.Timestamp.from(from), actor.user().value(),
					actor.user().value(), joined(directed))
			.query((rs, n) -> row(rs))
			.list();
	}

	/** Rows of the sessions overlapping [from, to) that a person attends or runs (for their own list and feed). */
	List<Row> ofPerson(OrgId org, UserId user, Instant from, Instant to) {
		String clients = joined(ownClients(org, user).stream().map(ClientId::value).toList());
		return db.sql(SELECT + """

				WHERE s.starts_at < ? AND s.ends_at > ?
				  AND (s.facilitator = ? OR s.co_facilitator = ?
				       OR (s.kind = 'INDIVIDUAL' AND s.client_id::text = ANY (string_to_array(?, ',')))
				       OR (s.kind = 'GROUP' AND (s.track_id IN (SELECT e.track_id FROM scheduling.enrollment e
				                                   WHERE e.status = 'ACTIVE' AND e.client_id::text = ANY (string_to_array(?, ',')))
				                              OR s.id IN (SELECT a.session_id FROM scheduling.session_roster_addition a
				                                   WHERE a.client_id::text = ANY (string_to_array(?, ','))))))
				ORDER BY s.starts_at, s.id""")
			.params(java.sql.Timestamp.from(to), java.sql.Timestamp.from(from), user.value(), user.value(), clients,
					clients, clients)
			.query((rs, n) -> row(rs))
			.list();
	}

	/** A listing entry: staff see the track, their part and the roster figures; a client sees none of it. */
	SessionEntry entry(Row row, Optional<String> staffRole) {
		if (staffRole.isEmpty()) {
			String label = row.kind() == SessionKind.GROUP ? "Group session" : "Individual session";
			return new SessionEntry(row.id(), row.kind(), row.startsAt(), row.endsAt(), row.zone(), row.status(),
					row.moved(), label, null, null, null, row.version());
		}
		String label = row.kind() == SessionKind.GROUP ? row.trackName() : "Individual session";
		return new SessionEntry(row.id(), row.kind(), row.startsAt(), row.endsAt(), row.zone(), row.status(),
				row.moved(), label, staffRole.get(), roster(row).size(), row.capacity(), row.version());
	}

	static HavenException notFound() {
		return new HavenException("SCHEDULING_SESSION_NOT_FOUND", Kind.NOT_FOUND, "no such session");
	}

	private static String joined(Collection<UUID> ids) {
		return ids.stream().map(UUID::toString).collect(Collectors.joining(","));
	}

	private static Row row(ResultSet rs) throws SQLException {
		java.sql.Date occurrence = rs.getDate(6);
		UUID co = rs.getObject(13, UUID.class);
		UUID client = rs.getObject(14, UUID.class);
		return new Row(rs.getObject(1, UUID.class), SessionKind.valueOf(rs.getString(2)), rs.getObject(3, UUID.class),
				rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
				occurrence == null ? null : occurrence.toLocalDate(), rs.getTimestamp(7).toInstant(),
				rs.getTimestamp(8).toInstant(), ZoneId.of(rs.getString(9)), SessionStatus.valueOf(rs.getString(10)),
				rs.getBoolean(11), new UserId(rs.getObject(12, UUID.class)), co == null ? null : new UserId(co),
				client == null ? null : new ClientId(client), rs.getInt(15), rs.getInt(16), rs.getString(17));
	}

	/** The staff of a session, lead first. */
	static List<UserId> staff(Row row) {
		List<UserId> staff = new ArrayList<>();
		staff.add(row.facilitator());
		if (row.coFacilitator() != null) {
			staff.add(row.coFacilitator());
		}
		return staff;
	}

	record Row(UUID id, SessionKind kind, UUID program, UUID track, UUID series, LocalDate occurrence,
			Instant startsAt, Instant endsAt, ZoneId zone, SessionStatus status, boolean moved, UserId facilitator,
			UserId coFacilitator, ClientId client, int capacity, int version, String trackName) {
	}

}
