package health.haven.audit;

/** How the attempt ended. Denied attempts are audited as carefully as allowed ones. */
public enum AuditOutcome {

	ALLOWED, DENIED, ERROR

}
