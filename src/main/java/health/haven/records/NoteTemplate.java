package health.haven.records;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.List;
import java.util.Locale;

/**
 * The shapes a progress note takes. Each template is its sections, in the order clinicians write and read them; the
 * order is also the order of the content hash taken at signing, so it must never change for an existing template.
 */
public enum NoteTemplate {

	DAP(List.of(new Section("data", "Data"), new Section("assessment", "Assessment"), new Section("plan", "Plan"))),
	SOAP(List.of(new Section("subjective", "Subjective"), new Section("objective", "Objective"),
			new Section("assessment", "Assessment"), new Section("plan", "Plan"))),
	BIRP(List.of(new Section("behavior", "Behavior"), new Section("intervention", "Intervention"),
			new Section("response", "Response"), new Section("plan", "Plan"))),
	/**
	 * An attendee's note of a group session: written only through {@link GroupNotes}, which copies the group's topic
	 * and curriculum item into every attendee's note beside that person's own participation.
	 */
	GROUP(List.of(new Section("topic", "Group topic"), new Section("curriculum", "Curriculum item"),
			new Section("participation", "Participation")));

	private final List<Section> sections;

	NoteTemplate(List<Section> sections) {
		this.sections = sections;
	}

	/** The templates a clinician picks for an individual note; GROUP notes come from a group note only. */
	public static List<NoteTemplate> individual() {
		return List.of(DAP, SOAP, BIRP);
	}

	public List<Section> sections() {
		return sections;
	}

	/** The template named by a request, or a clear refusal. */
	public static NoteTemplate parse(String name) {
		if (name != null) {
			try {
				return valueOf(name.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				// refused below
			}
		}
		throw new HavenException("RECORDS_NOTE_TEMPLATE_UNKNOWN", Kind.BAD_REQUEST,
				"the note template must be DAP, SOAP or BIRP");
	}

	/** A section of a template: its name in requests and storage, and its heading for people. */
	public record Section(String name, String label) {
	}

}
