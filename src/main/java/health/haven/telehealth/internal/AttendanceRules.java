package health.haven.telehealth.internal;

import health.haven.telehealth.AttendanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Attendance from the server's view of presence, for one person in one session: pure arithmetic, no clock and no
 * database, so the rules can be read (and tested) in one place.
 *
 * <p>Time counts from admission, not from asking to join: the waiting room is not treatment. A stay still open counts
 * to now (or to when its room was closed, if the server never saw the person leave), and everything is clipped to the
 * session's scheduled start and end: minutes before the start or after the end are not the session's. Stays are
 * merged before they are summed, so a person in two rooms of one session at once (two devices, a reconnect racing the
 * old connection) is not counted twice.
 */
public final class AttendanceRules {

	private AttendanceRules() {
	}

	/** One stay in a room of the session: admitted (null if never), left (null if still there), room closed. */
	public record Stay(Instant admittedAt, Instant leftAt, Instant roomClosedAt) {
	}

	/**
	 * What presence shows: the status, whole minutes attended (rounded to the nearest minute), whether the person was
	 * late and whether they left early, when they were first admitted and last seen leaving (both within the session,
	 * null if never), and the number of stays counted.
	 */
	public record Computed(AttendanceStatus status, int minutes, boolean late, boolean leftEarly,
			Instant firstAdmitted, Instant lastLeft, int stays) {

		public static final Computed NEVER_ADMITTED = new Computed(AttendanceStatus.ABSENT, 0, false, false, null,
				null, 0);

	}

	/**
	 * @param lateAfter admitted first more than this after the start is late
	 * @param leftEarlyBefore gone for good more than this before the end is leaving early
	 */
	public static Computed compute(Instant start, Instant end, Instant now, Duration lateAfter,
			Duration leftEarlyBefore, List<Stay> stays) {
		Instant until = now.isBefore(end) ? now : end;
		List<Instant[]> spans = new ArrayList<>();
		boolean stillThere = false;
		for (Stay stay : stays) {
			if (stay.admittedAt() == null) {
				continue;
			}
			Instant stayEnd = stay.leftAt() != null ? stay.leftAt()
					: stay.roomClosedAt() != null ? stay.roomClosedAt() : now;
			Instant from = stay.admittedAt().isBefore(start) ? start : stay.admittedAt();
			Instant to = stayEnd.isAfter(until) ? until : stayEnd;
			if (to.isAfter(from)) {
				spans.add(new Instant[] { from, to });
				stillThere |= stay.leftAt() == null && stay.roomClosedAt() == null;
			}
		}
		if (spans.isEmpty()) {
			return Computed.NEVER_ADMITTED;
		}
		spans.sort(Comparator.comparing((Instant[] span) -> span[0]));
		long seconds = 0;
		Instant mergedFrom = spans.get(0)[0];
		Instant mergedTo = spans.get(0)[1];
		for (Instant[] span : spans.subList(1, spans.size())) {
			if (span[0].isAfter(mergedTo)) {
				seconds += Duration.between(mergedFrom, mergedTo).toSeconds();
				mergedFrom = span[0];
				mergedTo = span[1];
			}
			else if (span[1].isAfter(mergedTo)) {
				mergedTo = span[1];
			}
		}
		seconds += Duration.between(mergedFrom, mergedTo).toSeconds();
		Instant first = spans.get(0)[0];
		Instant last = mergedTo;
		boolean late = first.isAfter(start.plus(lateAfter));
		boolean leftEarly = !stillThere && last.isBefore(end.minus(leftEarlyBefore));
		AttendanceStatus status = late ? AttendanceStatus.LATE
				: leftEarly ? AttendanceStatus.LEFT_EARLY : AttendanceStatus.PRESENT;
		return new Computed(status, (int) ((seconds + 30) / 60), late, leftEarly, first, stillThere ? null : last,
				spans.size());
	}

}
