package health.haven.records.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** What the chart's staff pages share: only staff open them (clients use the portal), and dates as typed in forms. */
final class StaffPages {

	private StaffPages() {
	}

	static Actor staff() {
		Actor actor = CurrentActor.require();
		if (!actor.isStaff()) {
			throw new HavenException("STAFF_ONLY", Kind.FORBIDDEN, "this page is for staff");
		}
		return actor;
	}

	/** A form's date, or null when left empty. */
	static LocalDate date(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new HavenException("RECORDS_DATE_INVALID", Kind.BAD_REQUEST, "dates are written as YYYY-MM-DD");
		}
	}

}
