package health.haven.telehealth;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.scheduling.ProgramWeek;
import health.haven.scheduling.SessionTimes;
import health.haven.scheduling.Sessions;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The weekly-hours monitor (IOP-SCH-01): per client, the hours attended in an ISO week (read in their program's zone)
 * against the hours per week their program requires (ASAM 2.1: adults at least 9, adolescents 6), with those below
 * it first, for their clinicians (the clients of their care teams) and their program director (the clients of their
 * programs). A client sees their own hours only. Anyone else (billing, front desk, admin) is told there is nothing
 * here: attendance is clinical, not theirs.
 *
 * <p>Each client shown is decided by {@link AccessDecisions} and audited before the figures are returned; the
 * figures themselves are minutes from {@link Attendance} (confirmed where confirmed, else from presence).
 */
@Service
public class WeeklyHours {

	static final String RESOURCE = "attendance_hours";

	private static final Set<Role> CLINICAL = EnumSet.of(Role.CLINICIAN, Role.FACILITATOR, Role.PROGRAM_DIRECTOR);

	private final Sessions sessions;

	private final Attendance attendance;

	private final CareTeams careTeams;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	private final TenantWork work;

	private final ZoneId defaultZone;

	private final Clock clock;

	WeeklyHours(Sessions sessions, Attendance attendance, CareTeams careTeams, AccessDecisions decisions,
			AuditTrail audit, TenantWork work,
			@Value("${haven.scheduling.default-zone:America/New_York}") String defaultZone) {
		this.sessions = sessions;
		this.attendance = attendance;
		this.careTeams = careTeams;
		this.decisions = decisions;
		this.audit = audit;
		this.work = work;
		this.defaultZone = ZoneId.of(defaultZone);
		this.clock = Clock.systemUTC();
	}

	/**
	 * The monitor for the person asking: a clinician's care-team clients and a director's program clients; a client's
	 * own hours; "not found" for anyone else.
	 */
	public HoursWeek monitor(Actor actor, String week) {
		if (actor.roles().stream().anyMatch(CLINICAL::contains)) {
			Set<ClientId> clients = careTeams.clientsOf(actor.org(), actor.user())
				.stream()
				.filter(client -> EnumSet.of(Relationship.CARE_TEAM, Relationship.PROGRAM)
					.contains(careTeams.relationship(actor.org(), actor.user(), client)))
				.collect(Collectors.toSet());
			return hours(actor, clients, week);
		}
		if (actor.has(Role.CLIENT)) {
			return mine(actor, week);
		}
		throw new HavenException("ATTENDANCE_HOURS_NOT_FOUND", Kind.NOT_FOUND, "there is no hours monitor for you");
	}

	/** The person's own hours (their own client records; none for staff). */
	public HoursWeek mine(Actor actor, String week) {
		Set<ClientId> own = careTeams.clientsOf(actor.org(), actor.user())
			.stream()
			.filter(client -> careTeams.relationship(actor.org(), actor.user(), client) == Relationship.SELF)
			.collect(Collectors.toSet());
		return hours(actor, own, week);
	}

	private HoursWeek hours(Actor actor, Set<ClientId> clients, String week) {
		LocalDate monday = SessionTimes.monday(week, defaultZone);
		String label = SessionTimes.week(monday);
		OrgId org = actor.org();
		Purpose purpose = decisions.usualPurpose(actor);
		Instant now = clock.instant();
		Map<UUID, Map<ClientId, Integer>> bySession = new HashMap<>();
		List<ClientHours> shown = audit.readingTogether(() -> {
			List<ClientHours> rows = new ArrayList<>();
			for (ClientId client : clients.stream().sorted(Comparator.comparing(ClientId::toString)).toList()) {
				if (!decisions.decide(actor, org, client, DataCategory.GENERAL, purpose).permitted()) {
					continue;
				}
				Optional<ProgramWeek> programWeek = sessions.weekOf(actor, client, label);
				if (programWeek.isEmpty()) {
					continue;
				}
				audit.recordBeforeRead(AuditEntry.of(actor.ref(), AuditAction.READ, purpose)
					.org(org)
					.client(client)
					.resource(RESOURCE, label)
					.outcome(AuditOutcome.ALLOWED)
					.build());
				rows.add(hoursOf(org, client, programWeek.get(), now, bySession));
			}
			return rows;
		});
		List<ClientHours> sorted = new ArrayList<>(shown);
		sorted.sort(Comparator.comparing((ClientHours h) -> h.standing() != HoursStanding.BELOW)
			.thenComparing(h -> h.client().toString()));
		return new HoursWeek(label, SessionTimes.week(monday.minusWeeks(1)), SessionTimes.week(monday.plusWeeks(1)),
				sorted);
	}

	private ClientHours hoursOf(OrgId org, ClientId client, ProgramWeek week, Instant now,
			Map<UUID, Map<ClientId, Integer>> bySession) {
		int attended = 0;
		long remaining = 0;
		for (ProgramWeek.Session session : week.sessions()) {
			if (!session.startsAt().isAfter(now)) {
				attended += bySession
					.computeIfAbsent(session.id(), id -> work.reading(org, () -> attendance.minutes(org, session, now)))
					.getOrDefault(client, 0);
			}
			if (session.endsAt().isAfter(now)) {
				Instant from = session.startsAt().isAfter(now) ? session.startsAt() : now;
				remaining += Duration.between(from, session.endsAt()).toMinutes();
			}
		}
		boolean over = !now.isBefore(week.to());
		BigDecimal required = week.requiredHours().multiply(BigDecimal.valueOf(60));
		HoursStanding standing = BigDecimal.valueOf(attended).compareTo(required) >= 0 ? HoursStanding.MET
				: !over && BigDecimal.valueOf(attended + remaining).compareTo(required) >= 0 ? HoursStanding.ON_TRACK
						: HoursStanding.BELOW;
		return new ClientHours(client, week.program(), week.trackName(), week.week(), week.requiredHours(), attended,
				over ? null : (int) remaining, week.sessions().size(), standing);
	}

}
