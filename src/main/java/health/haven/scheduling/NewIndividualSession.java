package health.haven.scheduling;

import health.haven.shared.ClientId;
import java.time.LocalDateTime;

/** An individual session with the asking clinician; the start is local to the client's program's zone. */
public record NewIndividualSession(ClientId client, LocalDateTime startsAt, Integer minutes) {
}
