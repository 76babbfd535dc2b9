package health.haven.identity;

/** How a person stands to a client, as far as access decisions are concerned. */
public enum Relationship {

	/** The client themself, through their portal account. */
	SELF,
	/** A member of one of the client's care teams. */
	CARE_TEAM,
	/** The director of a program one of the client's care teams belongs to. */
	PROGRAM,
	/** None of the above. */
	NONE

}
