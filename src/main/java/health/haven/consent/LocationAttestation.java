package health.haven.consent;

import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.util.UUID;

/**
 * Where a client said they were at one join (TH-LOC-01): the state (for licensure), an address for emergencies and
 * that they were in a private space.
 */
public record LocationAttestation(UUID id, ClientId client, UUID sessionId, String state,
		@Phi String emergencyAddress, boolean privateSpace, Instant attestedAt) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
