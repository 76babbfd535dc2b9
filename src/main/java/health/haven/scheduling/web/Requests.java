package health.haven.scheduling.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.scheduling.NewEnrollment;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/** Turning request text into ids, dates and numbers, with the clear refusals the rest of Haven uses. */
final class Requests {

	private Requests() {
	}

	static Actor staff() {
		Actor actor = CurrentActor.require();
		if (!actor.isStaff()) {
			throw new HavenException("STAFF_ONLY", Kind.FORBIDDEN, "this page is for staff");
		}
		return actor;
	}

	static ClientId clientId(String id) {
		try {
			return new ClientId(UUID.fromString(id));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new HavenException("CLIENT_NOT_FOUND", Kind.NOT_FOUND, "no such client");
		}
	}

	/** A program, track or enrollment id from a path: malformed is simply one that does not exist (null). */
	static UUID id(String id) {
		try {
			return UUID.fromString(id.strip());
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return null;
		}
	}

	/** A track chosen in a form or body: malformed is a clear bad request. */
	static UUID track(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		UUID track = id(value);
		if (track == null) {
			throw new HavenException("SCHEDULING_TRACK_UNKNOWN", Kind.BAD_REQUEST,
					"no such track; choose one of the program's tracks");
		}
		return track;
	}

	static Purpose purpose(AccessDecisions decisions, Actor actor, String requested) {
		if (requested == null || requested.isBlank()) {
			return decisions.usualPurpose(actor);
		}
		try {
			return Purpose.valueOf(requested.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("API_PURPOSE_UNKNOWN", Kind.BAD_REQUEST,
					"purpose must be one of TREATMENT, PAYMENT, OPERATIONS, PATIENT_REQUEST, EMERGENCY");
		}
	}

	static NewEnrollment enrollment(String track, String admittedOn, String expectedWeeks, String levelOfCare) {
		return new NewEnrollment(track(track), date(admittedOn), integer(expectedWeeks, "expected length in weeks"),
				levelOfCare);
	}

	static LocalDate date(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new HavenException("SCHEDULING_DATE_INVALID", Kind.BAD_REQUEST, "dates are written like 2026-03-01");
		}
	}

	/** A local date and time like 2026-12-07T18:00 (in the session's zone); malformed is a clear bad request. */
	static LocalDateTime dateTime(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new HavenException("SCHEDULING_TIME_INVALID", Kind.BAD_REQUEST,
					"times are written like 2026-12-07T18:00");
		}
	}

	/** A member of staff chosen in a form or body: malformed is a clear bad request. */
	static UserId user(String value, String what) {
		if (value == null || value.isBlank()) {
			return null;
		}
		UUID id = id(value);
		if (id == null) {
			throw new HavenException("SCHEDULING_STAFF_UNKNOWN", Kind.BAD_REQUEST, "no such " + what);
		}
		return new UserId(id);
	}

	/** A client chosen in a form or body: malformed is a clear bad request. */
	static ClientId client(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		UUID id = id(value);
		if (id == null) {
			throw new HavenException("SCHEDULING_CLIENT_UNKNOWN", Kind.BAD_REQUEST, "no such client");
		}
		return new ClientId(id);
	}

	static Integer integer(String value, String what) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new HavenException("SCHEDULING_NUMBER_INVALID", Kind.BAD_REQUEST, "the " + what + " must be a whole number");
		}
	}

	static BigDecimal hours(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return new BigDecimal(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new HavenException("SCHEDULING_HOURS_INVALID", Kind.BAD_REQUEST,
					"required hours per week must be a number, like 9 or 9.5");
		}
	}

}
