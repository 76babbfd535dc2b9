/**
 * The pages people see first (the public home page and sign-in) and the client portal: a client's home (next sessions
 * with Join, this week's program hours, what is theirs to do), their treatment plan to read and e-sign, their notes
 * (open notes), questionnaires to fill in with their results, consents and the documents shared with them, who
 * viewed their record, a copy of their record, amendment requests, and the security centre. Web only:
 * every read and write goes through the owning module's API, which decides and audits it; the portal keeps no data.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Portal",
		allowedDependencies = { "shared", "identity", "consent", "records", "records :: plan", "records :: trend",
				"scheduling", "telehealth", "incidents", "messaging" })
package health.haven.portal;
