package health.haven.telehealth;

import health.haven.shared.ClientId;
import java.util.Optional;

/**
 * A person's seat in a room, decided: the room, the seat, and for a guest the client they are (their own record,
 * never anyone else's). Answered by {@link TelehealthRooms#seated}.
 */
public record Seated(Room room, Seat seat, Optional<ClientId> client) {
}
