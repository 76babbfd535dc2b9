package health.haven.telehealth;

import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.UserId;
import java.time.Instant;

/**
 * One roster client's attendance of a session: what presence shows ({@code computed*}, {@code late},
 * {@code leftEarly}, first admitted and last left within the session, the number of stays), and what the session's
 * staff confirmed, if they have ({@code status} and {@code minutes} are the confirmed values then, else the computed
 * ones). {@code reason} is the reason given for a correction, opened for the session's staff only.
 */
public record AttendanceRecord(ClientId client, AttendanceStatus computedStatus, int computedMinutes, boolean late,
		boolean leftEarly, Instant firstAdmitted, Instant lastLeft, int stays, boolean confirmed,
		AttendanceStatus status, int minutes, UserId confirmedBy, Instant confirmedAt, @Phi String reason) {

	/** Whether the confirmed record differs from what presence showed. */
	public boolean corrected() {
		return confirmed && (status != computedStatus || minutes != computedMinutes);
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
