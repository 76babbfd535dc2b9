package health.haven.scheduling;

/** Whether a session will take place. A cancelled session is kept (and shown as cancelled), never deleted. */
public enum SessionStatus {

	SCHEDULED, CANCELLED

}
