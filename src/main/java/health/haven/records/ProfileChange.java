package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.List;

/**
 * A change to a client's profile: the sections given replace what is recorded, the sections left {@code null} stay
 * as they are (so that someone who may not see a section cannot wipe it).
 *
 * @param basedOn the version the change started from (0 for a first profile)
 */
public record ProfileChange(int basedOn, @Phi ClientProfile.Demographics demographics,
		@Phi ClientProfile.Insurance insurance, @Phi List<RiskFlag> riskFlags) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
