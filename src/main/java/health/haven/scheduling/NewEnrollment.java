package health.haven.scheduling;

import java.time.LocalDate;
import java.util.UUID;

/** @param levelOfCare when absent, the program's level of care */
public record NewEnrollment(UUID track, LocalDate admittedOn, Integer expectedWeeks, String levelOfCare) {
}
