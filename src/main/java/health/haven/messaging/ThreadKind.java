package health.haven.messaging;

/** Who a thread is between. Both are about one client and addressed to that client's care team. */
public enum ThreadKind {

	/** The client and their care team: whoever is on the team handles it. */
	CLIENT_TEAM,
	/** Members of staff in the client's care, about the client: never shown to the client. */
	STAFF

}
