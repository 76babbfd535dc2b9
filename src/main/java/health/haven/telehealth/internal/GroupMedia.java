package health.haven.telehealth.internal;

import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The media server behind group rooms, as the signaling sees it. Browsers never reach the media server's API: the
 * signaling hands each admitted participant's restricted media requests ({@code {"type":"media","op":...}}) to it and
 * relays its answers. When no media server runs ({@link #available} false: Janus off or gone), groups of up to
 * {@link LiveRoom#MESH_LIMIT} use a peer-to-peer mesh instead.
 */
interface GroupMedia {

	/** Whether group rooms can use the media server now. */
	boolean available();

	/** The participant was admitted to a room whose media goes through the server: give them a way in. */
	void admitted(LiveRoom room, Participant participant, Consumer<ObjectNode> toParticipant);

	/** One of the participant's media requests; answers and events go back through {@code toParticipant}. */
	void request(LiveRoom room, Participant participant, JsonNode message, Consumer<ObjectNode> toParticipant);

	/** The participant left, was sent back or was removed: their way in is revoked and their media ended now. */
	void departed(LiveRoom room, Participant participant);

	/** The room ended or emptied: everything the media server holds for it goes. */
	void closed(LiveRoom room);

}
