package health.haven.scheduling;

import health.haven.shared.ClientId;
import java.time.LocalDate;
import java.util.UUID;

/** One client on a caseload; the enrollment fields are null for a client not (or no longer) enrolled. */
public record CaseloadEntry(ClientId client, UUID enrollment, String track, String status, LocalDate admittedOn,
		LevelOfCare levelOfCare) {
}
