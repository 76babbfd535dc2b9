package health.haven.records.intake;

import health.haven.consent.DataCategory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One version of an intake template: sections of typed items, in the order clinicians ask and read them. A template
 * is named by its key and version; a published version never changes (the database refuses it too), so an assessment
 * started on it is always shown and hashed against exactly the questions that were asked. Holds no client data.
 */
public record IntakeTemplate(String key, int version, String title, List<Section> sections) {

	/** Every item of every section, in template order. */
	public List<Item> items() {
		return sections.stream().flatMap(section -> section.items().stream()).toList();
	}

	public Optional<Item> item(String id) {
		return items().stream().filter(item -> item.id().equals(id)).findFirst();
	}

	/** The section an item belongs to (the item must be of this template). */
	public Section sectionOf(String itemId) {
		return sections.stream()
			.filter(section -> section.items().stream().anyMatch(item -> item.id().equals(itemId)))
			.findFirst()
			.orElseThrow();
	}

	/** The data categories of this template's sections: GENERAL, and SUD_PART2 when a section is Part 2 content. */
	public List<DataCategory> categories() {
		return sections.stream().map(Section::category).distinct().sorted().toList();
	}

	public boolean hasPartTwo() {
		return categories().contains(DataCategory.SUD_PART2);
	}

	/**
	 * A section of the template.
	 *
	 * @param category GENERAL, or SUD_PART2 for substance-use content under 42 CFR Part 2: its answers are sealed and
	 * decided apart from the rest
	 */
	public record Section(String id, String title, DataCategory category, List<Item> items) {

		public boolean partTwo() {
			return category == DataCategory.SUD_PART2;
		}

	}

	/**
	 * A question.
	 *
	 * @param choices the answers offered by a single or multiple choice item; empty for the other types
	 * @param min least value of a number item, or null
	 * @param max greatest value of a number item, or null
	 * @param integer a number item takes whole numbers only
	 * @param maxLength the longest text a text item takes (0 for items that are not text)
	 */
	public record Item(String id, String label, ItemType type, boolean required, String help, List<Choice> choices,
			BigDecimal min, BigDecimal max, boolean integer, int maxLength) {

		public Optional<Choice> choice(String value) {
			return choices.stream().filter(choice -> choice.value().equals(value)).findFirst();
		}

	}

	/** An answer offered: its stored value (a stable code) and its words for people. */
	public record Choice(String value, String label) {
	}

}
