package health.haven.records;

import health.haven.consent.DataCategory;

/** The sections of a client's profile, each read and changed under its own data category. */
public enum ProfileSection {

	DEMOGRAPHICS(DataCategory.DEMOGRAPHIC), INSURANCE(DataCategory.BILLING), RISK_FLAGS(DataCategory.GENERAL);

	private final DataCategory category;

	ProfileSection(DataCategory category) {
		this.category = category;
	}

	public DataCategory category() {
		return category;
	}

}
