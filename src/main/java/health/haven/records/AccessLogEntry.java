package health.haven.records;

import java.time.Instant;

/**
 * One access to a client's record as the client sees it in "who viewed my record".
 *
 * @param you the client themself (their own portal use)
 * @param role the staff member's role(s), in words ("Clinician")
 * @param name the staff member's name; null when the organization shows roles only, or for the client themself
 * @param action what was done, in words ("Viewed", "Changed")
 * @param what which part of the record, in words ("Progress notes")
 * @param purpose why, in words ("Treatment")
 * @param breakGlass whether it was emergency (break-glass) access outside the client's care team
 */
public record AccessLogEntry(Instant at, boolean you, String role, String name, String action, String what,
		String purpose, boolean breakGlass) {
}
