package health.haven.records.intake;

import health.haven.consent.DataCategory;
import health.haven.records.intake.IntakeTemplate.Choice;
import health.haven.records.intake.IntakeTemplate.Item;
import health.haven.records.intake.IntakeTemplate.Section;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes intake template definitions (JSON) and refuses a bad one whole, naming where it is wrong: a
 * template that cannot be rendered or answered unambiguously must never be published. Unknown fields are refused as
 * well, so that a misspelt {@code "requird"} does not silently publish an optional question.
 *
 * <pre>
 * {"key": "bh-intake", "version": 2, "title": "...", "sections": [
 *   {"id": "risk", "title": "Risk assessment", "category": "GENERAL|SUD_PART2", "items": [
 *     {"id": "risk_level", "label": "Overall risk level", "type": "single_choice", "required": true, "help": "...",
 *      "choices": [{"value": "low", "label": "Low"}, ...]},
 *     {"id": "attempt_count", "label": "...", "type": "number", "min": 0, "max": 50, "integer": true},
 *     {"id": "notes", "label": "...", "type": "long_text", "maxLength": 4000}]}]}
 * </pre>
 *
 * {@code version} may be left out when publishing (the next version is taken); types are text, long_text,
 * single_choice, multiple_choice, number, date and yes_no.
 */
public final class TemplateDefinitions {

	/** About five times the bundled template: larger is a mistake, not a questionnaire. */
	public static final int MAX_DEFINITION_LENGTH = 512 * 1024;

	public static final int MAX_SECTIONS = 60;

	public static final int MAX_ITEMS = 600;

	public static final int MAX_CHOICES = 60;

	public static final int MAX_LABEL_LENGTH = 300;

	public static final int MAX_HELP_LENGTH = 1_000;

	/** The longest answer a long_text item may allow, as a progress note's section. */
	public static final int MAX_TEXT_LENGTH = 20_000;

	static final int DEFAULT_TEXT_LENGTH = 500;

	static final int DEFAULT_LONG_TEXT_LENGTH = 8_000;

	private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{1,63}");

	private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

	private static final Pattern VALUE = Pattern.compile("[a-z0-9][a-z0-9_]{0,63}");

	private static final Set<String> TEMPLATE_FIELDS = Set.of("key", "version", "title", "sections");

	private static final Set<String> SECTION_FIELDS = Set.of("id", "title", "category", "items");

	private static final Set<String> ITEM_FIELDS = Set.of("id", "label", "type", "required", "help", "choices", "min",
			"max", "integer", "maxLength");

	private static final Set<String> CHOICE_FIELDS = Set.of("value", "label");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TemplateDefinitions() {
	}

	/**
	 * The template a definition describes, checked whole. Its version is the definition's {@code version}, or 0 when
	 * it gives none (the publisher then takes the next one).
	 */
	public static IntakeTemplate parse(String definition) {
		if (definition == null || definition.isBlank()) {
			throw invalid("the definition is empty");
		}
		if (definition.length() > MAX_DEFINITION_LENGTH) {
			throw invalid("the definition is longer than " + MAX_DEFINITION_LENGTH + " characters");
		}
		JsonNode root;
		try {
			root = JSON.readTree(definition);
		}
		catch (RuntimeException ex) {
			throw invalid("the definition is not well-formed JSON");
		}
		if (root == null || !root.isObject()) {
			throw invalid("the definition must be a JSON object");
		}
		onlyKnownFields(root, TEMPLATE_FIELDS, "the template");
		String key = requiredText(root, "key", "the template", MAX_LABEL_LENGTH);
		if (!KEY.matcher(key).matches()) {
			throw invalid("the template key must be 2 to 64 lower-case letters, digits or hyphens, starting with a letter");
		}
		int version = 0;
		JsonNode givenVersion = root.get("version");
		if (givenVersion != null && !givenVersion.isNull()) {
			if (!givenVersion.isInt() || givenVersion.asInt() < 1) {
				throw invalid("the template version must be a positive whole number");
			}
			version = givenVersion.asInt();
		}
		String title = requiredText(root, "title", "the template", MAX_LABEL_LENGTH);
		JsonNode sectionNodes = root.get("sections");
		if (sectionNodes == null || !sectionNodes.isArray() || sectionNodes.isEmpty()) {
			throw invalid("the template needs a list of sections");
		}
		if (sectionNodes.size() > MAX_SECTIONS) {
			throw invalid("a template has at most " + MAX_SECTIONS + " sections");
		}
		Set<String> sectionIds = new HashSet<>();
		Set<String> itemIds = new HashSet<>();
		List<Section> sections = new ArrayList<>();
		int position = 0;
		for (JsonNode node : sectionNodes) {
			position++;
			Section section = section(node, position, itemIds);
			if (!sectionIds.add(section.id())) {
				throw invalid("section id '" + section.id() + "' is used twice");
			}
			sections.add(section);
		}
		if (itemIds.size() > MAX_ITEMS) {
			throw invalid("a template has at most " + MAX_ITEMS + " items");
		}
		return new IntakeTemplate(key, version, title, List.copyOf(sections));
	}

	/** The definition of a template, in the form {@link #parse} reads, with its version. */
	public static String write(IntakeTemplate template) {
		ObjectNode root = JSON.createObjectNode();
		root.put("key", template.key());
		root.put("version", template.version());
		root.put("title", template.title());
		ArrayNode sections = root.putArray("sections");
		for (Section section : template.sections()) {
			ObjectNode s = sections.addObject();
			s.put("id", section.id());
			s.put("title", section.title());
			s.put("category", section.category().name());
			ArrayNode items = s.putArray("items");
			for (Item item : section.items()) {
				ObjectNode i = items.addObject();
				i.put("id", item.id());
				i.put("label", item.label());
				i.put("type", item.type().wireName());
				i.put("required", item.required());
				if (item.help() != null) {
					i.put("help", item.help());
				}
				if (item.type().hasChoices()) {
					ArrayNode choices = i.putArray("choices");
					for (Choice choice : item.choices()) {
						choices.addObject().put("value", choice.value()).put("label", choice.label());
					}
				}
				if (item.type() == ItemType.NUMBER) {
					if (item.min() != null) {
						i.put("min", item.min());
					}
					if (item.max() != null) {
						i.put("max", item.max());
					}
					i.put("integer", item.integer());
				}
				if (item.type().isText()) {
					i.put("maxLength", item.maxLength());
				}
			}
		}
		return JSON.writeValueAsString(root);
	}

	/** The same template under another version number (publishing assigns it). */
	public static IntakeTemplate withVersion(IntakeTemplate template, int version) {
		return new IntakeTemplate(template.key(), version, template.title(), template.sections());
	}

	private static Section section(JsonNode node, int position, Set<String> itemIds) {
		String where = "section " + position;
		if (node == null || !node.isObject()) {
			throw invalid(where + " must be a JSON object");
		}
		String id = requiredText(node, "id", where, 64);
		if (!ID.matcher(id).matches()) {
			throw invalid(where + ": the id must be lower-case letters, digits or underscores, starting with a letter");
		}
		where = "section '" + id + "'";
		onlyKnownFields(node, SECTION_FIELDS, where);
		String title = requiredText(node, "title", where, MAX_LABEL_LENGTH);
		DataCategory category = DataCategory.GENERAL;
		JsonNode givenCategory = node.get("category");
		if (givenCategory != null && !givenCategory.isNull()) {
			String name = givenCategory.isString() ? givenCategory.asString() : "";
			category = switch (name) {
				case "GENERAL" -> DataCategory.GENERAL;
				case "SUD_PART2" -> DataCategory.SUD_PART2;
				default -> throw invalid(where + ": the category must be GENERAL or SUD_PART2");
			};
		}
		JsonNode itemNodes = node.get("items");
		if (itemNodes == null || !itemNodes.isArray() || itemNodes.isEmpty()) {
			throw invalid(where + " needs a list of items");
		}
		List<Item> items = new ArrayList<>();
		int itemPosition = 0;
		for (JsonNode itemNode : itemNodes) {
			itemPosition++;
			Item item = item(itemNode, where, itemPosition);
			if (!itemIds.add(item.id())) {
				throw invalid("item id '" + item.id() + "' is used twice");
			}
			items.add(item);
		}
		return new Section(id, title, category, List.copyOf(items));
	}

	private static Item item(JsonNode node, String section, int position) {
		String where = section + ", item " + position;
		if (node == null || !node.isObject()) {
			throw invalid(where + " must be a JSON object");
		}
		String id = requiredText(node, "id", where, 64);
		if (!ID.matcher(id).matches()) {
			throw invalid(where + ": the id must be lower-case letters, digits or underscores, starting with a letter");
		}
		where = "item '" + id + "'";
		onlyKnownFields(node, ITEM_FIELDS, where);
		String label = requiredText(node, "label", where, MAX_LABEL_LENGTH);
		JsonNode typeNode = node.get("type");
		String typeName = typeNode != null && typeNode.isString() ? typeNode.asString() : "";
		ItemType type = ItemType.named(typeName)
			.orElseThrow(() -> invalid(
					"item '" + id + "': the type must be one of text, long_text, single_choice, multiple_choice, "
							+ "number, date, yes_no"));
		boolean required = flag(node, "required", where);
		String help = optionalText(node, "help", where, MAX_HELP_LENGTH);
		List<Choice> choices = choices(node.get("choices"), type, where);
		BigDecimal min = number(node, "min", type, where);
		BigDecimal max = number(node, "max", type, where);
		if (min != null && max != null && min.compareTo(max) > 0) {
			throw invalid(where + ": min is greater than max");
		}
		boolean integer = flag(node, "integer", where);
		if (integer && type != ItemType.NUMBER) {
			throw invalid(where + ": only a number item can be limited to whole numbers");
		}
		int maxLength = 0;
		JsonNode length = node.get("maxLength");
		if (length != null && !length.isNull()) {
			if (!type.isText()) {
				throw invalid(where + ": only a text item has a maxLength");
			}
			if (!length.isInt() || length.asInt() < 1 || length.asInt() > MAX_TEXT_LENGTH) {
				throw invalid(where + ": maxLength must be a whole number from 1 to " + MAX_TEXT_LENGTH);
			}
			maxLength = length.asInt();
		}
		else if (type.isText()) {
			maxLength = type == ItemType.TEXT ? DEFAULT_TEXT_LENGTH : DEFAULT_LONG_TEXT_LENGTH;
		}
		return new Item(id, label, type, required, help, choices, min, max, integer, maxLength);
	}

	private static List<Choice> choices(JsonNode node, ItemType type, String where) {
		if (!type.hasChoices()) {
			if (node != null && !node.isNull()) {
				throw invalid(where + ": only a choice item has choices");
			}
			return List.of();
		}
		if (node == null || !node.isArray() || node.size() < 2) {
			throw invalid(where + ": a choice item needs at least two choices");
		}
		if (node.size() > MAX_CHOICES) {
			throw invalid(where + ": at most " + MAX_CHOICES + " choices");
		}
		Set<String> values = new HashSet<>();
		List<Choice> choices = new ArrayList<>();
		for (JsonNode choice : node) {
			if (choice == null || !choice.isObject()) {
				throw invalid(where + ": every choice is an object with a value and a label");
			}
			onlyKnownFields(choice, CHOICE_FIELDS, where + ", a choice");
			String value = requiredText(choice, "value", where + ", a choice", 64);
			if (!VALUE.matcher(value).matches()) {
				throw invalid(where + ": choice value '" + value
						+ "' must be lower-case letters, digits or underscores");
			}
			if (!values.add(value)) {
				throw invalid(where + ": choice value '" + value + "' is used twice");
			}
			choices.add(new Choice(value, requiredText(choice, "label", where + ", choice '" + value + "'",
					MAX_LABEL_LENGTH)));
		}
		return List.copyOf(choices);
	}

	private static BigDecimal number(JsonNode node, String field, ItemType type, String where) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (type != ItemType.NUMBER) {
			throw invalid(where + ": only a number item has " + field);
		}
		if (!value.isNumber()) {
			throw invalid(where + ": " + field + " must be a number");
		}
		return value.decimalValue();
	}

	private static boolean flag(JsonNode node, String field, String where) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return false;
		}
		if (!value.isBoolean()) {
			throw invalid(where + ": " + field + " must be true or false");
		}
		return value.asBoolean();
	}

	private static String requiredText(JsonNode node, String field, String where, int maxLength) {
		String text = optionalText(node, field, where, maxLength);
		if (text == null) {
			throw invalid(where + " needs a " + field);
		}
		return text;
	}

	private static String optionalText(JsonNode node, String field, String where, int maxLength) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw invalid(where + ": " + field + " must be text");
		}
		String text = value.asString().strip();
		if (text.isEmpty()) {
			return null;
		}
		if (text.length() > maxLength) {
			throw invalid(where + ": " + field + " is longer than " + maxLength + " characters");
		}
		return text;
	}

	private static void onlyKnownFields(JsonNode node, Set<String> known, String where) {
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			if (!known.contains(field.getKey())) {
				throw invalid(where + " has an unknown field '" + shorten(field.getKey()) + "'; the fields are "
						+ known.stream().sorted().toList());
			}
		}
	}

	private static String shorten(String text) {
		return text.length() > 64 ? text.substring(0, 64) + "..." : text;
	}

	private static HavenException invalid(String explanation) {
		return new HavenException("RECORDS_INTAKE_TEMPLATE_INVALID", Kind.BAD_REQUEST,
				"the intake template definition is not valid: " + explanation);
	}

}
