package health.haven.identity;

/** The kinds of license a behavioural-health program's clinical staff hold. */
public enum LicenseType {

	LCSW("Licensed clinical social worker (LCSW)"), LPC("Licensed professional counselor (LPC)"),
	LMFT("Licensed marriage and family therapist (LMFT)"), LADC("Licensed alcohol and drug counselor (LADC)"),
	CADC("Certified alcohol and drug counselor (CADC)"), PSYCHOLOGIST("Psychologist"),
	PHYSICIAN("Psychiatrist / physician (MD, DO)"), NURSE_PRACTITIONER("Nurse practitioner (NP)");

	private final String label;

	LicenseType(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

}
