/**
 * Security incidents: the register the privacy officer works from, starting with reports of suspicious activity that
 * anyone signed in makes from the security centre (the breach workflow builds on it).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Incidents",
		allowedDependencies = { "shared", "crypto", "audit", "identity" })
package health.haven.incidents;
