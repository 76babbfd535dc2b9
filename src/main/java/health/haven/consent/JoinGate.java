package health.haven.consent;

/**
 * The gates a client passes before joining a telehealth session, with stable codes and the reason staff are told
 * (plain language, no PHI).
 */
public enum JoinGate {

	TELEHEALTH_CONSENT_MISSING("The client has not signed the current telehealth informed consent."),
	GROUP_AGREEMENT_MISSING("The client has not signed the current group confidentiality agreement."),
	LOCATION_NOT_CONFIRMED("The client has not confirmed where they are for this join."),
	NOT_PRIVATE("The client is not in a private space."),
	FACILITATOR_NOT_LICENSED_IN_STATE(
			"The facilitator holds no active license for the state the client is in; a licensed clinician must run the session.");

	private final String reason;

	JoinGate(String reason) {
		this.reason = reason;
	}

	/** Why the client cannot be admitted, for staff. */
	public String reason() {
		return reason;
	}

}
