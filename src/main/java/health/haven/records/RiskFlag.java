package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;

/**
 * One active risk flag on a client's chart: a kind from a fixed list and an optional short note. Clinical content
 * (the kind alone says a great deal), so flags are read under the GENERAL category: the care team sees them, billing
 * and the front desk do not.
 *
 * @param note at most {@value #MAX_NOTE_LENGTH} characters, or null
 */
public record RiskFlag(@Phi Kind kind, @Phi String note) {

	public static final int MAX_NOTE_LENGTH = 200;

	/** The flags a behavioural-health IOP raises; fixed, so that they can be shown, counted and acted on alike. */
	public enum Kind {

		SUICIDE_RISK("Suicide risk"), SELF_HARM("Self-harm"), VIOLENCE_RISK("Risk of violence to others"),
		OVERDOSE_RISK("Overdose risk"), WITHDRAWAL_RISK("Withdrawal risk"),
		ELOPEMENT_AMA_RISK("Elopement or leaving against advice"), MEDICAL_ALERT("Medical alert");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}

	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
