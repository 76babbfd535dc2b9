package health.haven.records;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.Locale;

/**
 * A progress note of the client's record, or a psychotherapy note: the clinician's own process notes, kept apart
 * from the record (45 CFR 164.501) and readable by their author alone.
 */
public enum NoteKind {

	PROGRESS, PSYCHOTHERAPY;

	public static NoteKind parse(String name) {
		if (name == null || name.isBlank()) {
			return PROGRESS;
		}
		try {
			return valueOf(name.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("RECORDS_NOTE_KIND_UNKNOWN", Kind.BAD_REQUEST,
					"the note kind must be PROGRESS or PSYCHOTHERAPY");
		}
	}

}
