package health.haven.scheduling;

import java.math.BigDecimal;

/**
 * What a program director or admin sets for a program.
 *
 * @param requiredHours hours per week; when absent, the population's minimum (adults 9, adolescents 6 by default)
 */
public record ProgramDefinition(String levelOfCare, String population, BigDecimal requiredHours, Integer capacity) {
}
