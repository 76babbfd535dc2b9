package health.haven.scheduling;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.Locale;

/** Who a program serves. Adults and adolescents have different weekly-hours minimums for intensive care. */
public enum Population {

	ADULT, ADOLESCENT;

	public static Population named(String value) {
		try {
			return valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (RuntimeException ex) {
			throw new HavenException("SCHEDULING_POPULATION_UNKNOWN", Kind.BAD_REQUEST,
					"the population must be ADULT or ADOLESCENT");
		}
	}

}
