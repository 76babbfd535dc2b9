package health.haven.telehealth;

import health.haven.shared.ClientId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.UUID;

/**
 * One client's hours in one week: minutes attended (confirmed where the staff confirmed them, else from presence)
 * against the weekly hours their program requires, and, while the week is not over, the minutes still scheduled.
 * Ids and numbers only; pages add the client's name from records.
 */
public record ClientHours(ClientId client, UUID program, String track, String week, BigDecimal requiredHours,
		int attendedMinutes, Integer scheduledRemainingMinutes, int sessions, HoursStanding standing) {

	/** Hours attended, to a tenth. */
	public BigDecimal attendedHours() {
		return hours(attendedMinutes);
	}

	/** Hours still scheduled this week, to a tenth; null once the week is over. */
	public BigDecimal scheduledRemainingHours() {
		return scheduledRemainingMinutes == null ? null : hours(scheduledRemainingMinutes);
	}

	public boolean belowRequirement() {
		return standing == HoursStanding.BELOW;
	}

	private static BigDecimal hours(int minutes) {
		return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP);
	}

}
