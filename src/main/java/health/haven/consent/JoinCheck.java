package health.haven.consent;

import java.util.List;

/**
 * The answer of {@link JoinGates}: the gates not met (none: the client may be admitted).
 *
 * @param state the state the client confirmed for this join, when they did (a two-letter code, no finer)
 */
public record JoinCheck(List<Unmet> unmet, String state) {

	public JoinCheck {
		unmet = List.copyOf(unmet);
	}

	public boolean admissible() {
		return unmet.isEmpty();
	}

	public boolean has(JoinGate gate) {
		return unmet.stream().anyMatch(one -> one.gate() == gate);
	}

	/** A gate not met and the plain-language reason for staff. */
	public record Unmet(JoinGate gate, String reason) {

		public String code() {
			return gate.name();
		}

	}

}
