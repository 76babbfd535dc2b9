package health.haven.telehealth;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;

/**
 * One line of a confirmation as its author sent it, unchecked: the client (an id on the session's roster), the status
 * (the pre-filled one, or another), minutes (blank: what presence shows) and the reason for a change from what
 * presence shows (required then). {@link Attendance#confirm} checks every line before anything is written.
 */
public record AttendanceCorrection(String client, String status, Integer minutes, @Phi String reason) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
