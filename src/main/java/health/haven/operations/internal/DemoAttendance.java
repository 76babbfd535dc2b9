package health.haven.operations.internal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.CareTeams.ProgramSummary;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.scheduling.NewGroupSeries;
import health.haven.scheduling.Programs;
import health.haven.scheduling.SessionPlanner;
import health.haven.scheduling.SessionTimes;
import health.haven.scheduling.Sessions;
import health.haven.scheduling.StaffedSession;
import health.haven.scheduling.Track;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.telehealth.Attendance;
import health.haven.telehealth.AttendanceCorrection;
import health.haven.telehealth.PresenceImports;
import health.haven.telehealth.Seat;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo's attendance, so that the weekly-hours monitor shows real numbers: both tracks' groups from last Monday to
 * yesterday, with presence for the two clients who have portal accounts (client@ attends every minute; client2@ is
 * late once, leaves early once and misses one, so falls below the 9 hours) and, for the others, attendance confirmed
 * by the facilitator as joined by phone (no video presence to take). Presence goes through telehealth's
 * {@link PresenceImports}, attendance through {@link Attendance}, sessions through the scheduling services. Once per
 * database: skipped when last week already has sessions.
 */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
class DemoAttendance {

	private static final Logger log = LoggerFactory.getLogger(DemoAttendance.class);

	private static final ActorRef SEEDER = ActorRef.system("demo-seed");

	private static final ZoneId ZONE = ZoneId.of("America/New_York");

	private final JdbcClient db;

	private final Accounts accounts;

	private final CareTeams careTeams;

	private final Programs programs;

	private final SessionPlanner planner;

	private final Sessions sessions;

	private final PresenceImports presence;

	private final Attendance attendance;

	private final DemoSessions schedule;

	DemoAttendance(JdbcClient db, Accounts accounts, CareTeams careTeams, Programs programs, SessionPlanner planner,
			Sessions sessions, PresenceImports presence, Attendance attendance, DemoSessions schedule) {
		this.db = db;
		this.accounts = accounts;
		this.careTeams = careTeams;
		this.programs = programs;
		this.planner = planner;
		this.sessions = sessions;
		this.presence = presence;
		this.attendance = attendance;
		this.schedule = schedule;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		// The upcoming schedule comes first (it skips itself when it has already run, and runs the program's seeding).
		schedule.seed();
		Optional<UserId> director = person("director");
		Optional<UserId> facilitator = person("facilitator");
		Optional<UserId> evening = person("clinician");
		Optional<UserId> day = person("clinician2");
		Optional<UserId> client = person("client");
		Optional<UserId> client2 = person("client2");
		if (director.isEmpty() || facilitator.isEmpty() || evening.isEmpty() || day.isEmpty() || client.isEmpty()
				|| client2.isEmpty()) {
			return;
		}
		Optional<UUID> demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).optional();
		if (demo.isEmpty()) {
			return;
		}
		OrgId org = new OrgId(demo.get());
		Actor manager = new Actor(org, director.get(), Set.of(Role.PROGRAM_DIRECTOR, Role.CLINICIAN), null,
				"127.0.0.1");
		Optional<UUID> program = careTeams.programs(org).stream().map(ProgramSummary::id).findFirst();
		LocalDate today = LocalDate.now(ZONE);
		LocalDate lastMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
		if (program.isEmpty() || !sessions.week(manager, SessionTimes.week(lastMonday)).sessions().isEmpty()) {
			return;
		}
		Map<ClientId, UserId> portal = new HashMap<>();
		for (UserId account : List.of(client.get(), client2.get())) {
			careTeams.clientsOf(org, account)
				.stream()
				.filter(c -> careTeams.relationship(org, account, c) == Relationship.SELF)
				.forEach(c -> portal.put(c, account));
		}
		int confirmed = 0;
		int stays = 0;
		UserId behind = null;
		for (Track track : programs.find(manager, program.get()).tracks()) {
			boolean evenings = track.name().contains("evening");
			UserId lead = evenings ? facilitator.get() : day.get();
			Actor staff = new Actor(org, lead, Set.of(evenings ? Role.FACILITATOR : Role.CLINICIAN), null, "127.0.0.1");
			List<UUID> past = planner.scheduleGroup(manager, program.get(), track.id(),
					new NewGroupSeries(lastMonday, today.minusDays(1), lead, evenings ? evening.get() : null, null, null,
							null, null))
				.sessions();
			for (int n = 0; n < past.size(); n++) {
				StaffedSession session = sessions.forStaff(staff, past.get(n));
				List<AttendanceCorrection> lines = new ArrayList<>();
				for (ClientId attendee : session.roster()) {
					UserId account = portal.get(attendee);
					if (account == null) {
						lines.add(new AttendanceCorrection(attendee.toString(), "PRESENT",
								(int) Duration.between(session.startsAt(), session.endsAt()).toMinutes(),
								"Joined by phone (audio only): no video presence to take"));
						continue;
					}
					if (behind == null) {
						// client2@ falls behind (client@ if client2@ is in no group of the week).
						behind = session.roster().stream().map(portal::get).anyMatch(client2.get()::equals)
								? client2.get() : account;
					}
					stays += stay(org, session, attendee, account, account.equals(behind) ? n : -1);
					lines.add(new AttendanceCorrection(attendee.toString(), null, null, null));
				}
				if (!lines.isEmpty()) {
					attendance.confirm(staff, session.id(), lines);
					confirmed += lines.size();
				}
			}
		}
		log.info("Seeded the demo's attendance since last Monday: {} stays, {} confirmed records", stays, confirmed);
	}

	/**
	 * The client's stay in the session, through a room of the session. {@code pattern} -1: on time for the whole
	 * session; otherwise the n-th session of the one who falls behind: 35 minutes late, 40 minutes early, or absent.
	 */
	private int stay(OrgId org, StaffedSession session, ClientId client, UserId account, int pattern) {
		Instant start = session.startsAt();
		Instant end = session.endsAt();
		UUID room = presence.room(SEEDER, org, session.id(), client, session.staff().get(0));
		presence.stay(SEEDER, org, room, session.staff().get(0), Seat.HOST, start.minusSeconds(600),
				start.minusSeconds(600), end.plusSeconds(120));
		Instant admitted = start.minusSeconds(120);
		Instant left = end.plusSeconds(60);
		switch (pattern < 0 ? -1 : pattern % 3) {
			case 0 -> admitted = start.plus(Duration.ofMinutes(35));
			case 1 -> left = end.minus(Duration.ofMinutes(40));
			case 2 -> {
				presence.stay(SEEDER, org, room, account, Seat.GUEST, start.plusSeconds(60), null, start.plusSeconds(400));
				return 1;
			}
			default -> {
			}
		}
		presence.stay(SEEDER, org, room, account, Seat.GUEST, admitted.minusSeconds(90), admitted, left);
		return 1;
	}

	private Optional<UserId> person(String login) {
		return accounts.findByEmail(login + "@" + DemoOrganization.EMAIL_DOMAIN);
	}

}
