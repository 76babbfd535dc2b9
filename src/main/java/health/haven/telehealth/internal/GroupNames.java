package health.haven.telehealth.internal;

import java.util.Arrays;
import java.util.Locale;

/**
 * How people appear to each other in a group room ({@code haven.telehealth.group-names}): first name and last initial
 * by default ("Maria G."), first name only, or initials only. Never a full name.
 */
enum GroupNames {

	FIRST_NAME_LAST_INITIAL, FIRST_NAME, INITIALS;

	String shown(String displayName) {
		String[] parts = Arrays.stream(displayName == null ? new String[0] : displayName.strip().split("\\s+"))
			.filter(part -> !part.isEmpty())
			.toArray(String[]::new);
		if (parts.length == 0) {
			return "Participant";
		}
		// A title ("Dr.") stays with the first name: "Dr. Sam Rivera" is "Dr. Sam R.".
		boolean titled = parts.length > 2 && parts[0].endsWith(".");
		String first = titled ? parts[0] + " " + parts[1] : parts[0];
		String lastInitial = parts.length > (titled ? 2 : 1) ? initial(parts[parts.length - 1]) : "";
		return switch (this) {
			case FIRST_NAME -> first;
			case INITIALS -> initial(titled ? parts[1] : first) + lastInitial;
			case FIRST_NAME_LAST_INITIAL -> lastInitial.isEmpty() ? first : first + " " + lastInitial;
		};
	}

	private static String initial(String word) {
		return word.substring(0, word.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT) + ".";
	}

}
