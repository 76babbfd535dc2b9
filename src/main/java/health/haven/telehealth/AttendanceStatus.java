package health.haven.telehealth;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.Locale;

/**
 * How a client attended a session. Late and left early are still attendance (the minutes say how much); absent is
 * never admitted into the room. When a client was both late and left early, the record says late and shows both.
 */
public enum AttendanceStatus {

	PRESENT("Present"), LATE("Late"), LEFT_EARLY("Left early"), ABSENT("Absent");

	private final String label;

	AttendanceStatus(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	/** Whether the client took part at all: the attendees of the session's group note. */
	public boolean attended() {
		return this != ABSENT;
	}

	/** Accepts the code in any case ("left_early", "LEFT-EARLY"); anything else is a clear bad request. */
	public static AttendanceStatus named(String value) {
		if (value != null) {
			String code = value.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
			for (AttendanceStatus status : values()) {
				if (status.name().equals(code)) {
					return status;
				}
			}
		}
		throw new HavenException("ATTENDANCE_STATUS_UNKNOWN", Kind.BAD_REQUEST,
				"a status is PRESENT, LATE, LEFT_EARLY or ABSENT");
	}

}
