package health.haven.incidents;

import health.haven.shared.OrgId;
import java.util.UUID;

/** A security incident was reported; ids only, for whoever alerts the privacy officer. */
public record IncidentReported(OrgId org, UUID incident) {
}
