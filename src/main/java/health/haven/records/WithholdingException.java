package health.haven.records;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.Locale;

/**
 * The information-blocking exceptions (45 CFR Part 171, ONC-IB-04) under which a clinician may keep one signed note
 * from the client for now. Only those that can apply to one note of a client's own record are offered: the others
 * (fees, licensing, health IT performance, content and manner) are about how information is given, not whether.
 */
public enum WithholdingException {

	/** Reading the note is reasonably likely to endanger the life or physical safety of the client or another person. */
	PREVENTING_HARM("Preventing harm"),
	/** The client asked that this note not be shared (including with themself through the portal). */
	PRIVACY_INDIVIDUAL_REQUEST("The client asked not to share it"),
	/** A privacy rule prevents sharing it as it stands (e.g. it names another person who has not agreed). */
	PRIVACY("Privacy"),
	/** Sharing it now would put the security of the record at risk. */
	SECURITY("Security"),
	/** It cannot be shared in the portal (e.g. it cannot be separated from information that may not be shared). */
	INFEASIBILITY("Infeasibility");

	private final String label;

	WithholdingException(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	public static WithholdingException parse(String name) {
		if (name != null && !name.isBlank()) {
			try {
				return valueOf(name.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				// refused below
			}
		}
		throw new HavenException("RECORDS_WITHHOLDING_EXCEPTION_INVALID", Kind.BAD_REQUEST,
				"exception: choose the exception that applies (preventing harm, the client's request, privacy, "
						+ "security or infeasibility)");
	}

}
