package health.haven.operations.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The answers of the demo's intake assessments on the bundled template: a fictional adult in the evening SUD track
 * (alcohol and opioid use, ASAM ratings that fit intensive outpatient care) or in the day mental-health track
 * (recurrent depression and worry, no substance use beyond tobacco). Every required item is answered.
 */
final class DemoIntakes {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private DemoIntakes() {
	}

	static Map<String, JsonNode> answers(boolean substanceUse, int index) {
		Map<String, JsonNode> a = new LinkedHashMap<>();
		text(a, "referral_source", substanceUse ? "primary_care" : "self");
		text(a, "referral_reason", substanceUse ? "\"My drinking got out of hand after I lost my job.\""
				: "\"I can't get out of bed most mornings and I worry all the time.\"");
		text(a, "presenting_problem", substanceUse
				? "Daily alcohol use for 18 months, escalating; intermittent non-prescribed opioid use. Low mood, poor sleep."
				: "Depressed mood, anhedonia and worry for about 4 months; missing work two days a week.");
		text(a, "client_goals", substanceUse ? "Stop drinking and keep my family together." : "Feel like myself again.");
		yesNo(a, "prior_outpatient", index % 2 == 0);
		yesNo(a, "prior_hospitalizations", false);
		text(a, "medication_adherence", "as_prescribed");
		for (String substance : List.of("tobacco", "alcohol", "cannabis", "opioids", "stimulants", "sedatives", "other")) {
			boolean used = substance.equals("tobacco") || substanceUse && List.of("alcohol", "opioids").contains(substance);
			yesNo(a, substance + "_ever_used", used);
		}
		if (substanceUse) {
			a.put("alcohol_age_first_use", NODES.numberNode(15 + index));
			text(a, "alcohol_frequency", "daily");
			a.put("alcohol_routes", NODES.arrayNode().add("oral"));
			a.put("opioids_age_first_use", NODES.numberNode(24 + index));
			text(a, "opioids_frequency", "monthly");
			a.put("opioids_routes", NODES.arrayNode().add("oral"));
			a.put("withdrawal_symptoms", NODES.arrayNode().add("tremor").add("anxiety").add("insomnia"));
			yesNo(a, "naloxone_access", true);
		}
		text(a, "tobacco_frequency", "daily");
		a.put("tobacco_routes", NODES.arrayNode().add("smoked"));
		yesNo(a, "injection_use_ever", false);
		yesNo(a, "overdose_history", false);
		text(a, "sleep", substanceUse ? "middle_insomnia" : "early_waking");
		yesNo(a, "trauma_exposure", index % 3 == 0);
		yesNo(a, "safe_at_home", true);
		text(a, "living_situation", index % 2 == 0 ? "own_home" : "with_family");
		text(a, "employment_status", substanceUse ? "unemployed" : "full_time");
		yesNo(a, "legal_involvement", false);
		text(a, "suicidal_ideation", substanceUse ? "none" : "passive");
		yesNo(a, "suicide_plan", false);
		yesNo(a, "suicide_intent", false);
		yesNo(a, "past_attempts", false);
		yesNo(a, "access_to_means", false);
		yesNo(a, "homicidal_ideation", false);
		a.put("protective_factors", NODES.arrayNode().add("family_support").add("future_orientation"));
		text(a, "risk_level", substanceUse ? "low" : "moderate");
		yesNo(a, "safety_plan", true);
		a.put("appearance", NODES.arrayNode().add("casual").add("appears_stated_age"));
		a.put("behavior", NODES.arrayNode().add("cooperative").add("good_eye_contact"));
		text(a, "speech", "normal");
		text(a, "mood", substanceUse ? "\"Stressed, but hopeful.\"" : "\"Flat. Tired.\"");
		text(a, "affect", substanceUse ? "anxious" : "constricted");
		text(a, "thought_process", "linear");
		a.put("thought_content", NODES.arrayNode().add("unremarkable"));
		a.put("perception", NODES.arrayNode().add("no_disturbance"));
		a.put("orientation", NODES.arrayNode().add("person").add("place").add("time").add("situation"));
		text(a, "memory", "intact");
		text(a, "attention", substanceUse ? "distractible" : "intact");
		text(a, "insight", "fair");
		text(a, "judgment", "fair");
		List<String> ratings = substanceUse ? List.of("1", "1", "2", "1", "2", "2") : List.of("0", "0", "2", "1", "0", "1");
		for (int d = 1; d <= 6; d++) {
			text(a, "asam_d" + d + "_rating", ratings.get(d - 1));
		}
		text(a, "clinical_formulation", substanceUse
				? "Adult with alcohol use disorder and intermittent opioid misuse, motivated, stable housing, no acute withdrawal risk."
				: "Adult with a recurrent depressive episode and generalized worry, functioning impaired, no substance use disorder.");
		text(a, "provisional_diagnoses", substanceUse ? "F10.20; F11.10" : "F33.1; F41.1");
		text(a, "recommended_level_of_care", "iop");
		text(a, "level_of_care_rationale", "Needs more than weekly therapy; safe to live at home; can attend 3 evenings a week.");
		a.put("recommended_services", NODES.arrayNode().add("group_therapy").add("individual_therapy"));
		yesNo(a, "client_agrees", true);
		return a;
	}

	private static void text(Map<String, JsonNode> answers, String item, String value) {
		answers.put(item, NODES.stringNode(value));
	}

	private static void yesNo(Map<String, JsonNode> answers, String item, boolean value) {
		answers.put(item, NODES.booleanNode(value));
	}

}
