package health.haven.records;

import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import java.util.UUID;

/** An urgent safety task was opened for a client's care team (ids only: no answer, score or reason beyond the kind). */
public record SafetyTaskOpened(OrgId org, ClientId client, UUID task, String kind) {
}
