package health.haven.telehealth;

/** Where a person sits in a room: the clinician who hosts it, or the client it is for (who waits to be admitted). */
public enum Seat {

	HOST, GUEST

}
