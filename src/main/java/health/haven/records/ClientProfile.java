package health.haven.records;

import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A client's profile as one reader may see it. A section the reader may not see is {@code null}; a section they may
 * see but nobody has filled in is empty. Version 0 means nothing is recorded yet; an edit names the version it started
 * from.
 *
 * @param demographics preferred name, pronouns, emergency contact (DEMOGRAPHIC)
 * @param insurance the client's coverage (BILLING)
 * @param riskFlags the active risk flags (GENERAL)
 * @param mayChange the sections this reader may change, empty when the chart is closed
 */
public record ClientProfile(ClientId client, int version, Instant updatedAt, @Phi Demographics demographics,
		@Phi Insurance insurance, @Phi List<RiskFlag> riskFlags, Set<ProfileSection> mayChange) {

	/** Preferred name, pronouns and the emergency contact: what anyone who greets or calls the client needs. */
	public record Demographics(@Phi String preferredName, @Phi String pronouns, @Phi String emergencyContactName,
			@Phi String emergencyContactRelationship, @Phi String emergencyContactPhone) {

		public static final Demographics NONE = new Demographics(null, null, null, null, null);

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	/**
	 * The client's coverage, as billing needs it for claims.
	 *
	 * @param subscriberRelation the client's relation to the subscriber: SELF, SPOUSE, CHILD or OTHER
	 */
	public record Insurance(@Phi String payer, @Phi String memberId, @Phi String groupNumber,
			@Phi String subscriberRelation) {

		public static final Insurance NONE = new Insurance(null, null, null, null);

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	/** Whether the reader may see the risk flags section (it may still be empty). */
	public boolean riskFlagsVisible() {
		return riskFlags != null;
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
