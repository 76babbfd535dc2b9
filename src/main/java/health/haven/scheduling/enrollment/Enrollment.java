package health.haven.scheduling.enrollment;

import health.haven.scheduling.LevelOfCare;
import health.haven.shared.ClientId;
import health.haven.shared.Redaction;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A client's enrollment in a track.
 *
 * @param status ACTIVE, ON_HOLD or DISCHARGED
 * @param history level-of-care and status changes, oldest first
 */
public record Enrollment(UUID id, ClientId client, UUID program, UUID track, String trackName, LocalDate admittedOn,
		int expectedWeeks, String status, LevelOfCare levelOfCare, int version, List<EnrollmentChange> history) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
