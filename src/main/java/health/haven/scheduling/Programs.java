package health.haven.scheduling;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Role;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.math.BigDecimal;
import java.sql.Time;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Program profiles and tracks. A program itself (its name, directors, care teams) belongs to identity, which decides
 * who sees which client; here is how it runs. Only an organization admin or a director of that program defines or
 * changes it, and every change is audited as a configuration change. Nothing here is about a client.
 *
 * <p>Intensive levels of care have a weekly-hours minimum per population (by default adults 9, adolescents 6, the
 * usual IOP floors; set with {@code haven.scheduling.minimum-hours.adult} / {@code .adolescent}). A program may ask
 * for more, never less; the minimum is also the default.
 */
@Service
public class Programs {

	private final JdbcClient db;

	private final TenantWork work;

	private final AuditTrail audit;

	private final CareTeams careTeams;

	private final BigDecimal adultMinimum;

	private final BigDecimal adolescentMinimum;

	Programs(JdbcClient db, TenantWork work, AuditTrail audit, CareTeams careTeams,
			@Value("${haven.scheduling.minimum-hours.adult:9}") BigDecimal adultMinimum,
			@Value("${haven.scheduling.minimum-hours.adolescent:6}") BigDecimal adolescentMinimum) {
		this.db = db;
		this.work = work;
		this.audit = audit;
		this.careTeams = careTeams;
		this.adultMinimum = adultMinimum;
		this.adolescentMinimum = adolescentMinimum;
	}

	/** The weekly hours an intensive program of this population must at least require. */
	public BigDecimal minimumHours(Population population) {
		return population == Population.ADULT ? adultMinimum : adolescentMinimum;
	}

	/** The organization's programs, by name, for staff. */
	public List<ProgramProfile> all(Actor actor) {
		requireStaff(actor);
		List<UUID> ids = careTeams.programs(actor.org()).stream().map(CareTeams.ProgramSummary::id).toList();
		List<ProgramProfile> programs = new ArrayList<>();
		for (UUID id : ids) {
			programs.add(load(actor.org(), id).orElseThrow());
		}
		return programs;
	}

	/** One program; "not found" for an unknown program or another organization's. */
	public ProgramProfile find(Actor actor, UUID program) {
		requireStaff(actor);
		return load(actor.org(), program).orElseThrow(Programs::notFound);
	}

	/** Defines or changes a program's profile; checked whole before anything is written. */
	public ProgramProfile define(Actor actor, UUID program, ProgramDefinition definition) {
		requireManager(actor, program);
		if (definition == null) {
			throw new HavenException("SCHEDULING_PROGRAM_INCOMPLETE", Kind.BAD_REQUEST,
					"a level of care, a population and a capacity are required");
		}
		LevelOfCare level = LevelOfCare.named(definition.levelOfCare());
		Population population = definition.population() == null ? null : Population.named(definition.population());
		if (population == null) {
			throw new HavenException("SCHEDULING_POPULATION_UNKNOWN", Kind.BAD_REQUEST,
					"the population must be ADULT or ADOLESCENT");
		}
		BigDecimal minimum = minimumHours(population);
		BigDecimal hours = definition.requiredHours() == null ? minimum : definition.requiredHours();
		if (hours.signum() <= 0 || hours.compareTo(BigDecimal.valueOf(60)) > 0 || hours.scale() > 1) {
			throw new HavenException("SCHEDULING_HOURS_INVALID", Kind.BAD_REQUEST,
					"required hours per week must be more than 0 and at most 60, in tenths of an hour");
		}
		if (level.intensive() && hours.compareTo(minimum) < 0) {
			throw new HavenException("SCHEDULING_HOURS_BELOW_MINIMUM", Kind.BAD_REQUEST,
					"an intensive program for the " + population.name().toLowerCase(Locale.ROOT)
							+ " population requires at least " + minimum.stripTrailingZeros().toPlainString()
							+ " hours per week");
		}
		int capacity = capacity(definition.capacity());
		work.inTransaction(actor.org(), () -> {
			db.sql("""
					INSERT INTO scheduling.program_profile (program_id, org_id, level_of_care, population,
					    required_hours, capacity) VALUES (?, ?, ?, ?, ?, ?)
					ON CONFLICT (program_id) DO UPDATE SET level_of_care = excluded.level_of_care,
					    population = excluded.population, required_hours = excluded.required_hours,
					    capacity = excluded.capacity, updated_at = now()""")
				.params(program, actor.org().value(), level.name(), population.name(), hours, capacity)
				.update();
			changed(actor, program, "profile_defined");
		});
		return find(actor, program);
	}

	/** Adds a track to a defined program. */
	public UUID addTrack(Actor actor, UUID program, TrackDefinition definition) {
		requireManager(actor, program);
		requireDefined(actor.org(), program);
		CheckedTrack track = check(definition);
		UUID id = UUID.randomUUID();
		writeTrack(actor, program, "track_added", () -> db.sql("""
				INSERT INTO scheduling.track (id, org_id, program_id, name, days, starts_at, ends_at, capacity)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, actor.org().value(), program, track.name(), track.days(), Time.valueOf(track.startsAt()),
					Time.valueOf(track.endsAt()), track.capacity())
			.update());
		return id;
	}

	/**
	 * Changes a track. Its capacity may not drop below the clients actively enrolled in it (they would be over
	 * capacity with nobody having decided so).
	 */
	public void changeTrack(Actor actor, UUID program, UUID trackId, TrackDefinition definition) {
		requireManager(actor, program);
		Track current = track(actor.org(), program, trackId).orElseThrow(Programs::trackNotFound);
		CheckedTrack track = check(definition);
		if (track.capacity() < current.active()) {
			throw new HavenException("SCHEDULING_CAPACITY_BELOW_ENROLLED", Kind.CONFLICT,
					"the track has " + current.active() + " active clients; its capacity cannot be lower");
		}
		writeTrack(actor, program, "track_changed", () -> db.sql("""
				UPDATE scheduling.track SET name = ?, days = ?, starts_at = ?, ends_at = ?, capacity = ?
				WHERE id = ? AND program_id = ?""")
			.params(track.name(), track.days(), Time.valueOf(track.startsAt()), Time.valueOf(track.endsAt()),
					track.capacity(), trackId, program)
			.update());
	}

	/** A track of a program, if both exist in the actor's organization. */
	Optional<Track> track(OrgId org, UUID program, UUID track) {
		return work.reading(org, () -> tracks(program).stream().filter(t -> t.id().equals(track)).findFirst());
	}

	/** Whether the person directs this program (an admin does not direct: they configure). */
	boolean directs(Actor actor, UUID program) {
		return actor.has(Role.PROGRAM_DIRECTOR) && careTeams.directs(actor.org(), actor.user(), program);
	}

	boolean exists(OrgId org, UUID program) {
		return careTeams.program(org, program).isPresent();
	}

	private void requireManager(Actor actor, UUID program) {
		if (!actor.has(Role.ORG_ADMIN) && !actor.has(Role.PROGRAM_DIRECTOR)) {
			throw new HavenException("SCHEDULING_PROGRAM_MANAGERS_ONLY", Kind.FORBIDDEN,
					"only an organization admin or the program's director may define a program");
		}
		if (program == null || !exists(actor.org(), program)) {
			throw notFound();
		}
		if (!actor.has(Role.ORG_ADMIN) && !directs(actor, program)) {
			throw new HavenException("SCHEDULING_PROGRAM_MANAGERS_ONLY", Kind.FORBIDDEN,
					"only an organization admin or this program's director may change it");
		}
	}

	private void requireDefined(OrgId org, UUID program) {
		boolean defined = work.reading(org, () -> db
			.sql("SELECT count(*) FROM scheduling.program_profile WHERE program_id = ?")
			.param(program)
			.query(Long.class)
			.single() > 0);
		if (!defined) {
			throw new HavenException("SCHEDULING_PROGRAM_NOT_DEFINED", Kind.CONFLICT,
					"define the program's level of care, population and capacity before adding tracks");
		}
	}

	private void writeTrack(Actor actor, UUID program, String change, Runnable statement) {
		try {
			work.inTransaction(actor.org(), () -> {
				statement.run();
				changed(actor, program, change);
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw new HavenException("SCHEDULING_TRACK_NAME_TAKEN", Kind.CONFLICT,
					"the program already has a track of that name");
		}
	}

	private void changed(Actor actor, UUID program, String change) {
		audit.record(AuditEntry.of(actor.ref(), AuditAction.CONFIGURATION_CHANGED, Purpose.OPERATIONS)
			.org(actor.org())
			.resource("program", program.toString())
			.detail("change", change)
			.build());
	}

	private Optional<ProgramProfile> load(OrgId org, UUID program) {
		return work.reading(org, () -> {
			Optional<CareTeams.ProgramSummary> summary = careTeams.program(org, program);
			if (summary.isEmpty()) {
				return Optional.<ProgramProfile>empty();
			}
			Optional<String> name = Optional.of(summary.get().name());
			List<String> teams = summary.get().careTeams();
			return Optional.of(db.sql("""
					SELECT level_of_care, population, required_hours, capacity FROM scheduling.program_profile
					WHERE program_id = ?""")
				.param(program)
				.query((rs, n) -> new ProgramProfile(program, name.get(), true, LevelOfCare.valueOf(rs.getString(1)),
						Population.valueOf(rs.getString(2)), rs.getBigDecimal(3), rs.getInt(4), tracks(program),
						teams))
				.optional()
				.orElseGet(() -> new ProgramProfile(program, name.get(), false, null, null, null, 0, List.of(),
						teams)));
		});
	}

	private List<Track> tracks(UUID program) {
		return db.sql("""
				SELECT t.id, t.name, t.days, t.starts_at, t.ends_at, t.capacity,
				       (SELECT count(*) FROM scheduling.enrollment e WHERE e.track_id = t.id AND e.status = 'ACTIVE')
				FROM scheduling.track t WHERE t.program_id = ? ORDER BY t.name""")
			.param(program)
			.query((rs, n) -> new Track(rs.getObject(1, UUID.class), program, rs.getString(2), days(rs.getString(3)),
					rs.getTime(4).toLocalTime(), rs.getTime(5).toLocalTime(), rs.getInt(6), rs.getInt(7)))
			.list();
	}

	private static List<DayOfWeek> days(String stored) {
		return Arrays.stream(stored.split(",")).map(DayOfWeek::valueOf).toList();
	}

	static CheckedTrack check(TrackDefinition definition) {
		if (definition == null || definition.name() == null || definition.name().isBlank()
				|| definition.name().strip().length() > 120) {
			throw new HavenException("SCHEDULING_TRACK_NAME_MISSING", Kind.BAD_REQUEST,
					"a track needs a name of 1 to 120 characters");
		}
		TreeSet<DayOfWeek> days = new TreeSet<>();
		if (definition.days() != null) {
			for (String day : definition.days().split("[,/ ]+")) {
				if (!day.isBlank()) {
					days.add(day(day));
				}
			}
		}
		if (days.isEmpty()) {
			throw new HavenException("SCHEDULING_TRACK_DAYS_MISSING", Kind.BAD_REQUEST,
					"a track meets on at least one day, e.g. MON,WED,THU");
		}
		LocalTime start = time(definition.startsAt(), "start");
		LocalTime end = time(definition.endsAt(), "end");
		if (!end.isAfter(start)) {
			throw new HavenException("SCHEDULING_TRACK_TIMES_INVALID", Kind.BAD_REQUEST,
					"a track's end time must be after its start time");
		}
		return new CheckedTrack(definition.name().strip(),
				days.stream().map(DayOfWeek::name).collect(Collectors.joining(",")), start, end,
				capacity(definition.capacity()));
	}

	private static DayOfWeek day(String text) {
		String prefix = text.strip().toUpperCase(Locale.ROOT);
		for (DayOfWeek day : DayOfWeek.values()) {
			if (prefix.length() >= 3 && day.name().startsWith(prefix)) {
				return day;
			}
		}
		throw new HavenException("SCHEDULING_TRACK_DAY_UNKNOWN", Kind.BAD_REQUEST,
				"days are written MON, TUE, WED, THU, FRI, SAT, SUN");
	}

	private static LocalTime time(String text, String which) {
		try {
			return LocalTime.parse(text.strip());
		}
		catch (DateTimeParseException | NullPointerException ex) {
			throw new HavenException("SCHEDULING_TRACK_TIMES_INVALID", Kind.BAD_REQUEST,
					"a track's " + which + " time is written like 18:00");
		}
	}

	private static int capacity(Integer capacity) {
		if (capacity == null || capacity < 1 || capacity > 500) {
			throw new HavenException("SCHEDULING_CAPACITY_INVALID", Kind.BAD_REQUEST,
					"capacity must be a number of clients from 1 to 500");
		}
		return capacity;
	}

	private static void requireStaff(Actor actor) {
		if (!actor.isStaff()) {
			throw new HavenException("STAFF_ONLY", Kind.FORBIDDEN, "programs are for staff");
		}
	}

	static HavenException notFound() {
		return new HavenException("SCHEDULING_PROGRAM_NOT_FOUND", Kind.NOT_FOUND, "no such program");
	}

	static HavenException trackNotFound() {
		return new HavenException("SCHEDULING_TRACK_NOT_FOUND", Kind.NOT_FOUND, "no such track in this program");
	}

	record CheckedTrack(String name, String days, LocalTime startsAt, LocalTime endsAt, int capacity) {
	}

}
