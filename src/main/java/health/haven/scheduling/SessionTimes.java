package health.haven.scheduling;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How session times are written and read. Instants are stored (UTC); each program has a zone (default
 * America/New_York) in which its weekly pattern is meant and its sessions are shown. An ISO week ("2026-W49") is read
 * in the viewer's zone, which for now is the deployment's default zone (organizations have no zone of their own yet).
 */
public final class SessionTimes {

	private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM uuuu", Locale.ENGLISH);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

	private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

	private SessionTimes() {
	}

	/** The Monday of an ISO week written "2026-W49"; null or blank is the current week. */
	public static LocalDate monday(String week, ZoneId zone) {
		if (week == null || week.isBlank()) {
			return LocalDate.now(zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		}
		Matcher match = WEEK.matcher(week.strip().toUpperCase(Locale.ROOT));
		if (match.matches()) {
			int year = Integer.parseInt(match.group(1));
			int number = Integer.parseInt(match.group(2));
			LocalDate fourth = LocalDate.of(year, 1, 4);
			if (year >= 2000 && year <= 2100 && number >= 1
					&& number <= fourth.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
				return fourth.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number).with(DayOfWeek.MONDAY);
			}
		}
		throw new HavenException("SCHEDULING_WEEK_INVALID", Kind.BAD_REQUEST, "a week is written like 2026-W49");
	}

	/** "2026-W49" for the week of this date. */
	public static String week(LocalDate day) {
		return String.format(Locale.ROOT, "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
				day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
	}

	/** "Mon 7 Dec 2026": the only detail a notice carries. */
	public static String day(Instant at, ZoneId zone) {
		return DAY.format(at.atZone(zone));
	}

	static String describe(Instant start, Instant end, ZoneId zone) {
		ZonedDateTime from = start.atZone(zone);
		ZonedDateTime to = end.atZone(zone);
		return DAY.format(from) + ", " + TIME.format(from) + "-" + TIME.format(to) + " " + ZONE.format(from);
	}

}
