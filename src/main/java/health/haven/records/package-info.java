/**
 * The clinical record. For now the client registry: who the organization treats, every identifying value sealed,
 * every read decided by {@code consent.AccessDecisions} and audited.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Clinical records",
		allowedDependencies = { "shared", "crypto", "audit", "identity", "consent" })
package health.haven.records;
