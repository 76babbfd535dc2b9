package health.haven.scheduling;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Levels of care a program or an enrollment is at: the ASAM Criteria levels for substance-use treatment and the usual
 * mental-health levels. Intensive levels carry a minimum of weekly hours (see {@link Population}).
 */
public enum LevelOfCare {

	ASAM_1("ASAM 1 outpatient", false), ASAM_2_1("ASAM 2.1 intensive outpatient", true),
	ASAM_2_5("ASAM 2.5 partial hospitalization", true), ASAM_3_1("ASAM 3.1 residential, low intensity", false),
	ASAM_3_5("ASAM 3.5 residential, high intensity", false), MH_OUTPATIENT("Mental-health outpatient", false),
	MH_IOP("Mental-health intensive outpatient", true), MH_PHP("Mental-health partial hospitalization", true);

	private final String label;

	private final boolean intensive;

	LevelOfCare(String label, boolean intensive) {
		this.label = label;
		this.intensive = intensive;
	}

	public String label() {
		return label;
	}

	/** Intensive outpatient and partial hospitalization: the weekly-hours minimum applies. */
	public boolean intensive() {
		return intensive;
	}

	/** Accepts the code ("ASAM_2_1") or the usual spelling ("ASAM 2.1"); anything else is a clear bad request. */
	public static LevelOfCare named(String value) {
		if (value != null && !value.isBlank()) {
			String code = value.strip().toUpperCase(Locale.ROOT).replace('.', '_').replace(' ', '_').replace('-', '_');
			for (LevelOfCare level : values()) {
				if (level.name().equals(code)) {
					return level;
				}
			}
		}
		throw new HavenException("SCHEDULING_LEVEL_OF_CARE_UNKNOWN", Kind.BAD_REQUEST, "the level of care must be one of "
				+ Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
	}

}
