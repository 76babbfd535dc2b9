package health.haven.scheduling;

import java.util.List;
import java.util.UUID;

/** A recurring group as scheduled: its id and its occurrences' session ids, in time order. */
public record ScheduledSeries(UUID id, List<UUID> sessions) {

	public ScheduledSeries {
		sessions = List.copyOf(sessions);
	}

}
