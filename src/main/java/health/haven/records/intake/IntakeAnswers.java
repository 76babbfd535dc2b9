package health.haven.records.intake;

import health.haven.consent.DataCategory;
import health.haven.records.intake.IntakeTemplate.Item;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks answers against the template version they are given for, before anything is stored, and puts them in one
 * normal form: text (stripped), a choice's value, the chosen values in template order, a {@link BigDecimal}, an ISO
 * date, or {@link Boolean} for yes/no. An empty answer is no answer. Refusals name the item (a word of the template),
 * never what was written.
 */
public final class IntakeAnswers {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** An item id as templates write them: only such a name is repeated in a refusal, never other text sent. */
	private static final java.util.regex.Pattern ITEM_ID = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");

	private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

	private IntakeAnswers() {
	}

	/**
	 * The answers in normal form and template order; refused whole at the first unknown item or answer that does not
	 * fit its item (wrong type, out of range, unknown choice, a date after today).
	 */
	public static Map<String, Object> check(IntakeTemplate template, Map<String, JsonNode> given, LocalDate today) {
		Map<String, JsonNode> answers = given == null ? Map.of() : given;
		for (String id : answers.keySet()) {
			if (template.item(id).isEmpty()) {
				throw new HavenException("RECORDS_INTAKE_ITEM_UNKNOWN", Kind.BAD_REQUEST,
						"version " + template.version() + " of the " + template.key() + " template has no item "
								+ (ITEM_ID.matcher(id).matches() ? "'" + id + "'" : "named so"));
			}
		}
		Map<String, Object> checked = new LinkedHashMap<>();
		for (Item item : template.items()) {
			JsonNode answer = answers.get(item.id());
			if (answer == null || answer.isNull() || answer.isMissingNode()) {
				continue;
			}
			Object value = value(item, answer, today);
			if (value != null) {
				checked.put(item.id(), value);
			}
		}
		return checked;
	}

	/** The required items left unanswered, in template order. */
	public static List<Item> missingRequired(IntakeTemplate template, Map<String, Object> answers) {
		return template.items().stream().filter(item -> item.required() && !answers.containsKey(item.id())).toList();
	}

	/** The answers to the items of this category's sections. */
	public static Map<String, Object> of(IntakeTemplate template, Map<String, Object> answers, DataCategory category) {
		Map<String, Object> part = new LinkedHashMap<>();
		answers.forEach((id, value) -> {
			if (template.sectionOf(id).category() == category) {
				part.put(id, value);
			}
		});
		return part;
	}

	/** The answers as JSON (for sealing). */
	public static String encode(Map<String, Object> answers) {
		ObjectNode root = JSON.createObjectNode();
		answers.forEach((id, value) -> {
			if (value instanceof String text) {
				root.put(id, text);
			}
			else if (value instanceof Boolean yes) {
				root.put(id, yes);
			}
			else if (value instanceof BigDecimal number) {
				root.put(id, number);
			}
			else if (value instanceof List<?> values) {
				ArrayNode array = root.putArray(id);
				values.forEach(chosen -> array.add((String) chosen));
			}
		});
		return JSON.writeValueAsString(root);
	}

	/** Answers stored by {@link #encode}, read back against the template version they were given for. */
	public static Map<String, Object> decode(IntakeTemplate template, String json) {
		JsonNode root = JSON.readTree(json);
		Map<String, JsonNode> given = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : root.properties()) {
			given.put(field.getKey(), field.getValue());
		}
		return check(template, given, LocalDate.MAX);
	}

	/**
	 * SHA-256 (hex) over a canonical form: template key and version, then every answered item in template order as
	 * id, length and value. Lengths make the form unambiguous whatever the text holds, so the hash recomputed from the
	 * stored answers later proves they are the ones signed.
	 */
	public static String hash(IntakeTemplate template, Map<String, Object> answers) {
		StringBuilder canonical = new StringBuilder("haven.intake_assessment.v1\n").append(template.key())
			.append('\n')
			.append(template.version())
			.append('\n');
		for (Item item : template.items()) {
			Object value = answers.get(item.id());
			if (value == null) {
				continue;
			}
			String text = canonical(value);
			canonical.append(item.id()).append(':').append(text.length()).append(':').append(text).append('\n');
		}
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	private static String canonical(Object value) {
		if (value instanceof Boolean yes) {
			return yes ? "yes" : "no";
		}
		if (value instanceof BigDecimal number) {
			return number.toPlainString();
		}
		if (value instanceof List<?> values) {
			return String.join(",", values.stream().map(String::valueOf).toList());
		}
		return String.valueOf(value);
	}

	private static Object value(Item item, JsonNode answer, LocalDate today) {
		return switch (item.type()) {
			case TEXT, LONG_TEXT -> {
				String text = scalarText(item, answer, "text");
				if (text.strip().isEmpty()) {
					yield null;
				}
				if (text.length() > item.maxLength()) {
					throw wrong(item, "is longer than " + item.maxLength() + " characters");
				}
				yield text.strip();
			}
			case SINGLE_CHOICE -> {
				String value = scalarText(item, answer, "one of its choices").strip();
				if (value.isEmpty()) {
					yield null;
				}
				if (item.choice(value).isEmpty()) {
					throw wrong(item, "has no such choice; its choices are "
							+ item.choices().stream().map(IntakeTemplate.Choice::value).toList());
				}
				yield value;
			}
			case MULTIPLE_CHOICE -> {
				Set<String> chosen = new LinkedHashSet<>();
				if (answer.isArray()) {
					for (JsonNode element : answer) {
						if (element == null || !element.isString()) {
							throw wrong(item, "takes a list of its choices");
						}
						chosen.add(element.asString().strip());
					}
				}
				else {
					chosen.add(scalarText(item, answer, "a list of its choices").strip());
				}
				chosen.remove("");
				for (String value : chosen) {
					if (item.choice(value).isEmpty()) {
						throw wrong(item, "has no such choice; its choices are "
								+ item.choices().stream().map(IntakeTemplate.Choice::value).toList());
					}
				}
				List<String> ordered = new ArrayList<>();
				item.choices().forEach(choice -> {
					if (chosen.contains(choice.value())) {
						ordered.add(choice.value());
					}
				});
				yield ordered.isEmpty() ? null : List.copyOf(ordered);
			}
			case NUMBER -> {
				BigDecimal number;
				if (answer.isNumber()) {
					number = answer.decimalValue();
				}
				else {
					String text = scalarText(item, answer, "a number").strip();
					if (text.isEmpty()) {
						yield null;
					}
					try {
						number = new BigDecimal(text);
					}
					catch (NumberFormatException ex) {
						throw wrong(item, "takes a number");
					}
				}
				if (item.integer() && number.stripTrailingZeros().scale() > 0) {
					throw wrong(item, "takes a whole number");
				}
				if (item.min() != null && number.compareTo(item.min()) < 0
						|| item.max() != null && number.compareTo(item.max()) > 0) {
					throw wrong(item, "takes a number from " + plain(item.min()) + " to " + plain(item.max()));
				}
				BigDecimal normal = number.stripTrailingZeros();
				yield normal.scale() < 0 ? normal.setScale(0) : normal;
			}
			case DATE -> {
				String text = scalarText(item, answer, "a date (YYYY-MM-DD)").strip();
				if (text.isEmpty()) {
					yield null;
				}
				LocalDate date;
				try {
					date = LocalDate.parse(text);
				}
				catch (DateTimeParseException ex) {
					throw wrong(item, "takes a date (YYYY-MM-DD)");
				}
				if (date.isAfter(today) || date.isBefore(EARLIEST)) {
					throw wrong(item, "takes a date from 1900 to today");
				}
				yield date.toString();
			}
			case YES_NO -> {
				if (answer.isBoolean()) {
					yield answer.asBoolean();
				}
				String text = scalarText(item, answer, "yes or no").strip().toLowerCase(Locale.ROOT);
				yield switch (text) {
					case "" -> null;
					case "yes", "true" -> Boolean.TRUE;
					case "no", "false" -> Boolean.FALSE;
					default -> throw wrong(item, "takes yes or no");
				};
			}
		};
	}

	private static String scalarText(Item item, JsonNode answer, String expected) {
		if (!answer.isString()) {
			throw wrong(item, "takes " + expected);
		}
		return answer.asString();
	}

	private static String plain(BigDecimal value) {
		return value == null ? "any" : value.toPlainString();
	}

	private static HavenException wrong(Item item, String explanation) {
		return new HavenException("RECORDS_INTAKE_ANSWER_INVALID", Kind.BAD_REQUEST,
				"the answer to item '" + item.id() + "' (" + item.label() + ") " + explanation);
	}

}
