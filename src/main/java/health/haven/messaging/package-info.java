/**
 * Secure messaging: threads about one client addressed to the client's care team (client and team, or staff among
 * themselves), sealed at rest with their attachments, read state and unread counts, notification e-mail that carries
 * no PHI (with each person's communication preferences), and retention by organization policy (ADR 0013). Every read
 * and send is decided by {@code consent.AccessDecisions} and audited.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Secure messaging",
		allowedDependencies = { "shared", "crypto", "audit", "identity", "consent", "records" })
package health.haven.messaging;
