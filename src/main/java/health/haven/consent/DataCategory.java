package health.haven.consent;

/**
 * The kinds of client data access decisions tell apart. Every clinical item carries one.
 */
public enum DataCategory {

	/** Name, date of birth, state of residence, contact: what scheduling and billing need. */
	DEMOGRAPHIC,
	/** The general clinical record (mental health). */
	GENERAL,
	/** Substance-use-disorder records under 42 CFR Part 2: stricter than HIPAA, consent for most disclosures. */
	SUD_PART2,
	/** Psychotherapy notes (45 CFR 164.501): their author only. */
	PSYCHOTHERAPY_NOTE,
	/** Charges, claims, payments. */
	BILLING

}
