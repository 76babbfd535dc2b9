/**
 * Who may see what: the single policy decision point for "may this person see this client's data of this kind for
 * this purpose" (role x relationship x data category x purpose), and later consents and releases of information.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Consent and access decisions",
		allowedDependencies = { "shared", "crypto", "audit", "identity" })
package health.haven.consent;
