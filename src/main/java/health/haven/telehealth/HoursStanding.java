package health.haven.telehealth;

/**
 * Where a client stands against their program's weekly hours. While the week is not over, the hours still scheduled
 * count towards it: "on track" means the requirement can still be met; "below requirement" means it was not met
 * (the week is over) or cannot be any more, and is flagged for the client's clinicians and program director.
 */
public enum HoursStanding {

	MET("Requirement met"), ON_TRACK("On track"), BELOW("Below requirement");

	private final String label;

	HoursStanding(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

}
