package health.haven.identity;

import health.haven.shared.OrgId;

/** Care-team membership or a client's assignment changed in an organization (ids only). */
public record CareTeamChanged(OrgId org) {
}
