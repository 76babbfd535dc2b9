package health.haven.records.plan;

import java.time.LocalDate;

/**
 * When a treatment plan must next be reviewed: 30 days after its last review (or, before the first review, after it
 * was written). Shown as due during the last week before that date and overdue after it.
 */
public record PlanReview(LocalDate due, Status status) {

	public static final int INTERVAL_DAYS = 30;

	public static final int DUE_WINDOW_DAYS = 7;

	public enum Status {

		NOT_YET_DUE, DUE, OVERDUE

	}

	public static PlanReview of(LocalDate lastReviewedOrWritten, LocalDate today) {
		LocalDate due = lastReviewedOrWritten.plusDays(INTERVAL_DAYS);
		Status status = today.isAfter(due) ? Status.OVERDUE
				: today.isBefore(due.minusDays(DUE_WINDOW_DAYS)) ? Status.NOT_YET_DUE : Status.DUE;
		return new PlanReview(due, status);
	}

}
