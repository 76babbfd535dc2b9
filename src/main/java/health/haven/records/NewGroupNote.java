package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.List;

/**
 * A group session as its facilitator or clinician wrote it, unchecked: {@link GroupNotes#write} checks it whole and
 * refuses it, writing nothing for anyone, when any part is wrong.
 *
 * @param topic what the group worked on, copied into every attendee's note
 * @param curriculumItem the item of the program's curriculum, copied into every attendee's note
 * @param serviceDate the day of the session, ISO format
 * @param category GENERAL (the default) or SUD_PART2, the label of every attendee's note
 * @param attendees who attended, each with their own participation
 */
public record NewGroupNote(@Phi String topic, @Phi String curriculumItem, @Phi String serviceDate, String category,
		@Phi List<Attendee> attendees) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

	/**
	 * One attendee: the client's id and what this person brought to the session, for their note alone. Not marked
	 * {@code @Phi} field by field so that the group note's list of attendees is not itself "client data" returned by a
	 * service (it is the caller's own input); the list is {@code @Phi} in {@link NewGroupNote} and this record never
	 * prints the participation.
	 */
	public record Attendee(String client, String participation) {

		@Override
		public String toString() {
			return "Attendee[client=" + client + ", participation=(" + (participation == null ? 0
					: participation.length()) + " characters)]";
		}

	}

}
