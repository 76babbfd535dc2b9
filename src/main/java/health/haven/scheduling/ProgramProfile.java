package health.haven.scheduling;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A program with its profile (absent until a director or admin defines it), its tracks and the care teams that run
 * them.
 */
public record ProgramProfile(UUID program, String name, boolean defined, LevelOfCare levelOfCare,
		Population population, BigDecimal requiredHours, int capacity, List<Track> tracks, List<String> careTeams) {
}
