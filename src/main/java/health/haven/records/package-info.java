/**
 * The clinical record: the client registry (who the organization treats), intake assessments on versioned templates
 * (substance-use sections sealed and decided apart as Part 2), progress notes (drafts, signed and locked,
 * addenda; psychotherapy notes kept apart) and measurement-based care (PHQ-9 and GAD-7, scored, charted, with the
 * PHQ-9 item 9 safety escalation). Every identifying value and every clinical text is sealed under the client's key,
 * and every read and write is decided by {@code consent.AccessDecisions} and audited.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Clinical records",
		allowedDependencies = { "shared", "crypto", "audit", "identity", "consent" })
package health.haven.records;
