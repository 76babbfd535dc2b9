package health.haven.scheduling;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/** A track of a program: the cohort that meets on these days at these times; {@code active} is its current count. */
public record Track(UUID id, UUID program, String name, List<DayOfWeek> days, LocalTime startsAt, LocalTime endsAt,
		int capacity, int active) {

	/** "Mon/Wed/Thu 18:00-21:00". */
	public String schedule() {
		StringBuilder text = new StringBuilder();
		for (DayOfWeek day : days) {
			if (!text.isEmpty()) {
				text.append('/');
			}
			String name = day.name();
			text.append(name.charAt(0)).append(name.substring(1, 3).toLowerCase(java.util.Locale.ROOT));
		}
		return text + " " + startsAt + "-" + endsAt;
	}

	public boolean full() {
		return active >= capacity;
	}

}
