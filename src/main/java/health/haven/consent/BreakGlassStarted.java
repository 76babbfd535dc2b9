package health.haven.consent;

import health.haven.shared.OrgId;
import java.util.UUID;

/** Someone opened a client's record by break-glass: the privacy officer is alerted at once (ids only). */
public record BreakGlassStarted(OrgId org, UUID grant) {
}
