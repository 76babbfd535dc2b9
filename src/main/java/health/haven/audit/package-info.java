/**
 * The audit trail: a tamper-evident (hash-chained, signed-checkpoint) record of every PHI access and security event,
 * written in the caller's transaction for writes and made durable before data leaves for reads, plus its queries,
 * exports and verification. Depends on {@code shared} only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit", allowedDependencies = "shared")
package health.haven.audit;
