package health.haven.records;

import health.haven.consent.DataCategory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A questionnaire assigned to a client on a schedule, and where it stands today.
 *
 * @param dueSince the start of the current period, when it has not been filled in since; null otherwise
 * @param nextDue when the next one falls due (after this period's, or the first)
 * @param lastTaken when the client (or staff, in session) last filled in this questionnaire; null if never
 */
public record QuestionnaireSchedule(UUID id, Instrument instrument, DataCategory category, int everyDays,
		LocalDate firstDue, LocalDate dueSince, LocalDate nextDue, Instant lastTaken) {

	public boolean due() {
		return dueSince != null;
	}

	/** "every week" or "every 2 weeks", for pages. */
	public String frequency() {
		return everyDays == 7 ? "every week" : "every " + everyDays / 7 + " weeks";
	}

	/**
	 * Where a schedule stands on a day: due from the latest scheduled day on or before it, unless the questionnaire
	 * was filled in on or after that day.
	 */
	static QuestionnaireSchedule on(LocalDate today, UUID id, Instrument instrument, DataCategory category,
			int everyDays, LocalDate firstDue, Instant lastTaken, LocalDate lastTakenDay) {
		if (today.isBefore(firstDue)) {
			return new QuestionnaireSchedule(id, instrument, category, everyDays, firstDue, null, firstDue, lastTaken);
		}
		long periods = (today.toEpochDay() - firstDue.toEpochDay()) / everyDays;
		LocalDate periodStart = firstDue.plusDays(periods * everyDays);
		boolean done = lastTakenDay != null && !lastTakenDay.isBefore(periodStart);
		return new QuestionnaireSchedule(id, instrument, category, everyDays, firstDue, done ? null : periodStart,
				periodStart.plusDays(everyDays), lastTaken);
	}

}
