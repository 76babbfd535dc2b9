package health.haven.records;

import health.haven.consent.DataCategory;
import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One completed questionnaire: the answers as given, and the total and severity band computed from them when the
 * answers are opened (they are never stored, see V3__measures.sql).
 */
public record Measure(UUID id, ClientId client, Instrument instrument, DataCategory category, @Phi List<Integer> answers,
		@Phi int total, @Phi String band, @Phi boolean safetyConcern, UUID submittedBy, Instant submittedAt) {

	static Measure of(UUID id, ClientId client, Instrument instrument, DataCategory category, List<Integer> answers,
			UUID submittedBy, Instant submittedAt) {
		int total = instrument.score(answers);
		return new Measure(id, client, instrument, category, List.copyOf(answers), total,
				instrument.band(total).label(), instrument.raisesSafetyConcern(answers), submittedBy, submittedAt);
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
