package health.haven.identity;

/**
 * The roles of DESIGN.md section 1. A user may hold several; what each may see is decided by access decisions, not
 * by the role alone.
 */
public enum Role {

	CLIENT("Client"), CLINICIAN("Clinician"), FACILITATOR("Group facilitator"), PROGRAM_DIRECTOR("Program director"),
	BILLING("Billing specialist"), FRONT_DESK("Front desk"), COMPLIANCE_OFFICER("Compliance officer"),
	ORG_ADMIN("Organization admin"), AUDITOR("External auditor");

	private final String label;

	Role(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	/** The Spring Security authority for this role. */
	public String authority() {
		return "ROLE_" + name();
	}

	public boolean isStaff() {
		return this != CLIENT && this != AUDITOR;
	}

}
