package health.haven.scheduling;

import health.haven.shared.ClientId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * One client's week in their program: the ISO week read in the program's zone ({@code from} inclusive, {@code to}
 * exclusive), the weekly hours the program requires, and the client's own sessions that week that were not cancelled
 * (their track's groups, groups they were added to, their individual sessions). Ids and times only.
 */
public record ProgramWeek(ClientId client, UUID program, UUID track, String trackName, LevelOfCare levelOfCare,
		BigDecimal requiredHours, ZoneId zone, String week, LocalDate monday, Instant from, Instant to,
		List<Session> sessions) {

	public ProgramWeek {
		sessions = List.copyOf(sessions);
	}

	/** One of the client's sessions of the week. */
	public record Session(UUID id, SessionKind kind, Instant startsAt, Instant endsAt) {
	}

}
