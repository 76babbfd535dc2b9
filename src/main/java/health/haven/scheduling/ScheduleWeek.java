package health.haven.scheduling;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** One ISO week ("2026-W49") of a member of staff's sessions, read in {@code zone}, with the weeks around it. */
public record ScheduleWeek(String week, LocalDate monday, ZoneId zone, String previous, String next,
		List<SessionEntry> sessions) {

	public ScheduleWeek {
		sessions = List.copyOf(sessions);
	}

}
