package health.haven.scheduling;

import health.haven.shared.UserId;
import java.time.LocalDate;

/**
 * A recurring group for a track over {@code from}..{@code to} (inclusive). {@code days}, {@code startsAt},
 * {@code endsAt} and {@code capacity} default to the track's own when null; times are local to the program's zone.
 */
public record NewGroupSeries(LocalDate from, LocalDate to, UserId facilitator, UserId coFacilitator, String days,
		String startsAt, String endsAt, Integer capacity) {
}
