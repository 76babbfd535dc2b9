package health.haven.consent;

import health.haven.identity.Relationship;

/**
 * The answer of {@link AccessDecisions}: permit, with the relationship it rests on, or deny, with why. Deny is the
 * default: a decision is a permit only when a rule says so.
 */
public sealed interface AccessDecision {

	boolean permitted();

	/** @param basis the relationship the permit rests on ({@code NONE} for organization-wide roles)
	 *  @param breakGlass whether it rests on an emergency access grant */
	record Permit(Relationship basis, boolean breakGlass) implements AccessDecision {

		@Override
		public boolean permitted() {
			return true;
		}

	}

	record Deny(Reason reason) implements AccessDecision {

		@Override
		public boolean permitted() {
			return false;
		}

		/** Outside any relationship the client does not exist, as far as the asker can tell. */
		public boolean looksLikeNotFound() {
			return reason == Reason.NO_RELATIONSHIP || reason == Reason.OTHER_ORGANIZATION;
		}

	}

	enum Reason {

		/** Nothing ties the person to the client. */
		NO_RELATIONSHIP,
		/** The client belongs to another organization. */
		OTHER_ORGANIZATION,
		/** The person may see this client, but not this kind of data. */
		CATEGORY_NOT_ALLOWED,
		/** The person may see this kind of data, but not for this purpose. */
		PURPOSE_NOT_ALLOWED

	}

}
