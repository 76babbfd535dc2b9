/**
 * Programs as the clinic runs them (level of care, population, required hours, capacity, tracks and their weekly
 * schedule), clients' enrollment in a track with its level-of-care and status history, caseload views, and scheduled
 * sessions (recurring groups, individual sessions, rosters, notices of changes, a PHI-free calendar feed; ADR 0010).
 * Enrollment is client data: every read and write is decided by {@code consent.AccessDecisions} and audited.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Scheduling",
		allowedDependencies = { "shared", "crypto", "audit", "identity", "consent" })
package health.haven.scheduling;
