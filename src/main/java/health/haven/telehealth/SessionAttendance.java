package health.haven.telehealth;

import health.haven.scheduling.StaffedSession;
import java.util.List;

/**
 * A session's attendance as its staff see it: the session, whether it has ended (attendance is confirmed once it
 * has), the grace periods that decided late and left early, and one record per roster client.
 */
public record SessionAttendance(StaffedSession session, boolean ended, long lateAfterMinutes,
		long leftEarlyBeforeMinutes, List<AttendanceRecord> records) {

	public SessionAttendance {
		records = List.copyOf(records);
	}

	/** Whether every roster client's attendance is confirmed. */
	public boolean confirmed() {
		return !records.isEmpty() && records.stream().allMatch(AttendanceRecord::confirmed);
	}

}
