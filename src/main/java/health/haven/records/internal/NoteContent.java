package health.haven.records.internal;

import health.haven.records.NoteTemplate;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks what a person wrote into a note before anything is stored, and takes the content hash kept at signing.
 * Messages name sections by their headings (fixed words of the template), never by what was written.
 */
public final class NoteContent {

	/** About ten pages of text per section: longer is almost surely a paste gone wrong. */
	public static final int MAX_SECTION_LENGTH = 20_000;

	public static final int MAX_ADDENDUM_LENGTH = 20_000;

	private NoteContent() {
	}

	/** Every section of the template, stripped, in template order; unknown, missing or overlong ones refused. */
	public static Map<String, String> sections(NoteTemplate template, Map<String, String> written) {
		Map<String, String> given = written == null ? Map.of() : written;
		for (String name : given.keySet()) {
			if (template.sections().stream().noneMatch(section -> section.name().equals(name))) {
				throw new HavenException("RECORDS_NOTE_SECTION_UNKNOWN", Kind.BAD_REQUEST,
						"a " + template + " note has no such section; its sections are "
								+ template.sections().stream().map(NoteTemplate.Section::name).toList());
			}
		}
		Map<String, String> sections = new LinkedHashMap<>();
		for (NoteTemplate.Section section : template.sections()) {
			String text = given.get(section.name());
			if (text == null || text.isBlank()) {
				throw new HavenException("RECORDS_NOTE_SECTION_MISSING", Kind.BAD_REQUEST,
						"the " + section.label() + " section is empty; every section of a " + template
								+ " note must be written");
			}
			if (text.length() > MAX_SECTION_LENGTH) {
				throw new HavenException("RECORDS_NOTE_SECTION_TOO_LONG", Kind.BAD_REQUEST,
						"the " + section.label() + " section is longer than " + MAX_SECTION_LENGTH + " characters");
			}
			sections.put(section.name(), text.strip());
		}
		return sections;
	}

	/** The day of the session: a date, not in the future, not before 1900. */
	public static LocalDate serviceDate(String written, LocalDate today) {
		LocalDate date;
		try {
			date = written == null ? null : LocalDate.parse(written.strip());
		}
		catch (DateTimeParseException ex) {
			date = null;
		}
		if (date == null || date.isAfter(today) || date.isBefore(LocalDate.of(1900, 1, 1))) {
			throw new HavenException("RECORDS_NOTE_SERVICE_DATE_INVALID", Kind.BAD_REQUEST,
					"the service date must be a date (YYYY-MM-DD) no later than today");
		}
		return date;
	}

	public static String addendum(String written) {
		if (written == null || written.isBlank()) {
			throw new HavenException("RECORDS_NOTE_ADDENDUM_EMPTY", Kind.BAD_REQUEST, "an addendum needs some text");
		}
		if (written.length() > MAX_ADDENDUM_LENGTH) {
			throw new HavenException("RECORDS_NOTE_ADDENDUM_TOO_LONG", Kind.BAD_REQUEST,
					"an addendum is limited to " + MAX_ADDENDUM_LENGTH + " characters");
		}
		return written.strip();
	}

	/**
	 * SHA-256 (hex) over a canonical form of the note: template, kind, category and service date, then every section
	 * in template order as name, length and text. Lengths make the form unambiguous whatever the text contains, so
	 * the hash recomputed from the stored sections later proves they are what was signed.
	 */
	public static String hash(NoteTemplate template, String kind, String category, LocalDate serviceDate,
			Map<String, String> sections) {
		StringBuilder canonical = new StringBuilder("haven.progress_note.v1\n").append(template.name())
			.append('\n')
			.append(kind)
			.append('\n')
			.append(category)
			.append('\n')
			.append(serviceDate)
			.append('\n');
		for (NoteTemplate.Section section : template.sections()) {
			String text = sections.getOrDefault(section.name(), "");
			canonical.append(section.name()).append(':').append(text.length()).append(':').append(text).append('\n');
		}
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

}
