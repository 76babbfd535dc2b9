package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A saved draft: the version the person started from (a draft saved meanwhile is not overwritten) and every answer,
 * by item id. The answers replace the draft's: an item left out is unanswered. Values are JSON as the API sends them
 * (text, a choice's value, a list of values, a number, a date, true/false); a form's text is accepted for each.
 */
public record IntakeEdit(Integer version, @Phi Map<String, JsonNode> answers) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
