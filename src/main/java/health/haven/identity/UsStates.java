package health.haven.identity;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The two-letter codes of the places a US license is issued for and a client may be in: the 50 states, the District
 * of Columbia and the inhabited territories (USPS codes). Licensing and the join-time location both use this list, so
 * that a state a license names is one a client can confirm.
 */
public final class UsStates {

	public static final Set<String> CODES = Set.of("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI",
			"ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
			"NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
			"WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP");

	private UsStates() {
	}

	/** The code in upper case if it names a state or territory, else empty. */
	public static Optional<String> parse(String value) {
		if (value == null) {
			return Optional.empty();
		}
		String code = value.strip().toUpperCase(Locale.ROOT);
		return CODES.contains(code) ? Optional.of(code) : Optional.empty();
	}

}
