package health.haven.scheduling;

/** A group session (a track's cohort, with a facilitator) or an individual one (one clinician, one client). */
public enum SessionKind {

	GROUP, INDIVIDUAL

}
