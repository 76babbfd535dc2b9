package health.haven.telehealth;

/** An individual room (one client and their clinician) or a group room (a scheduled group session). */
public enum RoomKind {

	INDIVIDUAL, GROUP

}
