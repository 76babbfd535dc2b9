package health.haven.records.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.consent.DataCategory;
import health.haven.shared.HavenException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The rules a template definition must pass before it is published, and the rules of answers to it. */
class IntakeTemplateTests {

	static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

	static IntakeTemplate bundled() {
		try (InputStream in = IntakeTemplateTests.class.getResourceAsStream("/records/intake/bh-intake-v1.json")) {
			return TemplateDefinitions.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	static String definition(String items) {
		return """
				{"key": "test-intake", "title": "Test", "sections": [
				  {"id": "one", "title": "One", "items": [%s]}]}""".formatted(items);
	}

	static String refusal(String definition) {
		Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> TemplateDefinitions.parse(definition));
		assertThat(thrown).isInstanceOf(HavenException.class);
		assertThat(((HavenException) thrown).code()).isEqualTo("RECORDS_INTAKE_TEMPLATE_INVALID");
		return ((HavenException) thrown).explanation();
	}

	@Nested
	class TheBundledTemplate {

		@Test
		void isValidVersionOneWithEveryClinicalSection() {
			IntakeTemplate template = bundled();
			assertThat(template.key()).isEqualTo("bh-intake");
			assertThat(template.version()).isEqualTo(1);
			assertThat(template.sections()).extracting(IntakeTemplate.Section::id)
				.contains("referral", "psychiatric_history", "substance_alcohol", "substance_opioids", "medical_history",
						"trauma", "psychosocial", "risk", "mental_status", "asam", "summary");
			assertThat(template.items()).hasSizeGreaterThan(100);
		}

		@Test
		void marksSubstanceUseAndAsamSectionsAsPartTwoAndTheRestGeneral() {
			IntakeTemplate template = bundled();
			assertThat(template.hasPartTwo()).isTrue();
			assertThat(template.sections()).allSatisfy(section -> assertThat(section.category())
				.isEqualTo(section.id().startsWith("substance_") || section.id().equals("asam")
						? DataCategory.SUD_PART2 : DataCategory.GENERAL));
		}

		@Test
		void ratesEachAsamDimensionFromZeroToFour() {
			IntakeTemplate template = bundled();
			for (int dimension = 1; dimension <= 6; dimension++) {
				IntakeTemplate.Item rating = template.item("asam_d" + dimension + "_rating").orElseThrow();
				assertThat(rating.required()).isTrue();
				assertThat(rating.choices()).extracting(IntakeTemplate.Choice::value)
					.containsExactly("0", "1", "2", "3", "4");
			}
		}

		@Test
		void readsBackAsWrittenSoAPublishedVersionRoundTrips() {
			IntakeTemplate template = bundled();
			assertThat(TemplateDefinitions.parse(TemplateDefinitions.write(template))).isEqualTo(template);
		}

	}

	@Nested
	class ABadDefinitionIsRefusedNamingWhatIsWrong {

		@Test
		void notJsonOrEmpty() {
			assertThat(refusal("{not json")).contains("not well-formed JSON");
			assertThat(refusal("")).contains("empty");
			assertThat(refusal("[]")).contains("JSON object");
		}

		@Test
		void aDuplicateItemId() {
			assertThat(refusal(definition("""
					{"id": "mood", "label": "Mood", "type": "text"},
					{"id": "mood", "label": "Mood again", "type": "long_text"}"""))).contains("item id 'mood' is used twice");
		}

		@Test
		void aDuplicateItemIdAcrossSections() {
			assertThat(refusal("""
					{"key": "test-intake", "title": "Test", "sections": [
					  {"id": "one", "title": "One", "items": [{"id": "mood", "label": "Mood", "type": "text"}]},
					  {"id": "two", "title": "Two", "items": [{"id": "mood", "label": "Mood", "type": "text"}]}]}"""))
				.contains("item id 'mood' is used twice");
		}

		@Test
		void anUnknownType() {
			assertThat(refusal(definition("{\"id\": \"mood\", \"label\": \"Mood\", \"type\": \"slider\"}")))
				.contains("item 'mood'", "the type must be one of");
		}

		@Test
		void aChoiceItemWithoutChoicesOrWithDuplicateValues() {
			assertThat(refusal(definition("{\"id\": \"insight\", \"label\": \"Insight\", \"type\": \"single_choice\"}")))
				.contains("item 'insight'", "at least two choices");
			assertThat(refusal(definition("""
					{"id": "insight", "label": "Insight", "type": "multiple_choice", "choices": [
					  {"value": "good", "label": "Good"}, {"value": "good", "label": "Fair"}]}""")))
				.contains("choice value 'good' is used twice");
		}

		@Test
		void choicesOnAnItemThatTakesNone() {
			assertThat(refusal(definition("""
					{"id": "mood", "label": "Mood", "type": "text", "choices": [
					  {"value": "a", "label": "A"}, {"value": "b", "label": "B"}]}""")))
				.contains("only a choice item has choices");
		}

		@Test
		void aRangeTheWrongWayRoundOrOnAnotherType() {
			assertThat(refusal(definition("{\"id\": \"age\", \"label\": \"Age\", \"type\": \"number\", \"min\": 10, \"max\": 1}")))
				.contains("min is greater than max");
			assertThat(refusal(definition("{\"id\": \"age\", \"label\": \"Age\", \"type\": \"text\", \"min\": 1}")))
				.contains("only a number item has min");
		}

		@Test
		void aMisspeltFieldIsNotSilentlyIgnored() {
			assertThat(refusal(definition("{\"id\": \"mood\", \"label\": \"Mood\", \"type\": \"text\", \"requird\": true}")))
				.contains("unknown field 'requird'");
		}

		@Test
		void missingLabelsKeysAndSectionsOrAnUnknownCategory() {
			assertThat(refusal(definition("{\"id\": \"mood\", \"type\": \"text\"}"))).contains("needs a label");
			assertThat(refusal("{\"title\": \"T\", \"sections\": []}")).contains("needs a key");
			assertThat(refusal("{\"key\": \"t-1\", \"title\": \"T\", \"sections\": []}")).contains("list of sections");
			assertThat(refusal("""
					{"key": "t-1", "title": "T", "sections": [{"id": "s", "title": "S", "category": "PSYCHOTHERAPY_NOTE",
					  "items": [{"id": "a", "label": "A", "type": "text"}]}]}""")).contains("GENERAL or SUD_PART2");
			assertThat(refusal("""
					{"key": "Bad Key", "title": "T", "sections": [{"id": "s", "title": "S",
					  "items": [{"id": "a", "label": "A", "type": "text"}]}]}""")).contains("template key");
		}

		@Test
		void aBadIdOrVersion() {
			assertThat(refusal(definition("{\"id\": \"Mood Now\", \"label\": \"Mood\", \"type\": \"text\"}")))
				.contains("lower-case");
			assertThat(refusal("""
					{"key": "t-1", "version": 0, "title": "T", "sections": [{"id": "s", "title": "S",
					  "items": [{"id": "a", "label": "A", "type": "text"}]}]}""")).contains("positive whole number");
		}

	}

	@Nested
	class Answers {

		final IntakeTemplate template = bundled();

		@Test
		void areCheckedAndPutInNormalFormInTemplateOrder() {
			Map<String, JsonNode> given = new LinkedHashMap<>();
			given.put("risk_level", NODES.stringNode("moderate"));
			given.put("referral_reason", NODES.stringNode("  Low mood for months  "));
			given.put("alcohol_ever_used", NODES.stringNode("yes"));
			given.put("alcohol_age_first_use", NODES.numberNode(15));
			given.put("alcohol_last_use", NODES.stringNode("2026-03-01"));
			given.put("alcohol_routes", NODES.arrayNode().add("oral"));
			given.put("protective_factors", NODES.arrayNode().add("faith").add("family_support"));
			given.put("hospitalization_count", NODES.stringNode("2"));
			given.put("mood", NODES.stringNode("   "));
			Map<String, Object> checked = IntakeAnswers.check(template, given, TODAY);
			assertThat(checked).containsEntry("referral_reason", "Low mood for months")
				.containsEntry("alcohol_ever_used", true)
				.containsEntry("alcohol_age_first_use", new BigDecimal("15"))
				.containsEntry("hospitalization_count", new BigDecimal("2"))
				.containsEntry("protective_factors", List.of("family_support", "faith"))
				.doesNotContainKey("mood");
			assertThat(checked.keySet()).containsExactly("referral_reason", "hospitalization_count",
					"alcohol_ever_used", "alcohol_age_first_use", "alcohol_last_use", "alcohol_routes",
					"protective_factors", "risk_level");
			assertThat(IntakeAnswers.decode(template, IntakeAnswers.encode(checked))).isEqualTo(checked);
			assertThat(IntakeAnswers.of(template, checked, DataCategory.SUD_PART2).keySet())
				.containsExactly("alcohol_ever_used", "alcohol_age_first_use", "alcohol_last_use", "alcohol_routes");
		}

		@Test
		void anAnswerThatDoesNotFitIsRefusedNamingTheItemButNotTheAnswer() {
			assertThat(wrong("no_such_item", NODES.stringNode("x"))).contains("no item 'no_such_item'");
			assertThat(wrong("alcohol_age_first_use", NODES.numberNode(140))).contains("alcohol_age_first_use", "0 to 100");
			assertThat(wrong("alcohol_age_first_use", NODES.stringNode("fifteen"))).contains("takes a number");
			assertThat(wrong("alcohol_age_first_use", NODES.numberNode(15.5))).contains("whole number");
			assertThat(wrong("risk_level", NODES.stringNode("extreme"))).contains("risk_level", "no such choice")
				.doesNotContain("extreme");
			assertThat(wrong("protective_factors", NODES.arrayNode().add("money"))).contains("no such choice");
			assertThat(wrong("alcohol_last_use", NODES.stringNode("2026-04-01"))).contains("from 1900 to today");
			assertThat(wrong("alcohol_ever_used", NODES.stringNode("sometimes"))).contains("yes or no");
			assertThat(wrong("referral_reason", NODES.numberNode(3))).contains("takes text");
			assertThat(wrong("Secret Name", NODES.stringNode("x"))).doesNotContain("Secret Name");
		}

		@Test
		void requiredItemsAreListedUntilAnswered() {
			assertThat(IntakeAnswers.missingRequired(template, Map.of())).extracting(IntakeTemplate.Item::id)
				.contains("referral_reason", "alcohol_ever_used", "risk_level", "asam_d1_rating")
				.doesNotContain("trauma_notes");
		}

		@Test
		void theHashChangesWithAnyAnswerAndNotWithOrder() {
			Map<String, Object> one = IntakeAnswers.check(template,
					Map.of("mood", NODES.stringNode("sad"), "insight", NODES.stringNode("fair")), TODAY);
			Map<String, Object> reordered = new LinkedHashMap<>();
			reordered.put("insight", "fair");
			reordered.put("mood", "sad");
			assertThat(IntakeAnswers.hash(template, one)).hasSize(64).isEqualTo(IntakeAnswers.hash(template, reordered));
			assertThat(IntakeAnswers.hash(template, Map.of("mood", "sad", "insight", "good")))
				.isNotEqualTo(IntakeAnswers.hash(template, one));
		}

		private String wrong(String item, JsonNode answer) {
			Throwable thrown = org.assertj.core.api.Assertions
				.catchThrowable(() -> IntakeAnswers.check(template, Map.of(item, answer), TODAY));
			assertThat(thrown).isInstanceOf(HavenException.class);
			assertThat(((HavenException) thrown).code()).isIn("RECORDS_INTAKE_ANSWER_INVALID", "RECORDS_INTAKE_ITEM_UNKNOWN");
			return ((HavenException) thrown).explanation();
		}

	}

}
