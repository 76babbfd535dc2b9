package health.haven.records;

import health.haven.shared.ClientId;
import java.util.Map;
import java.util.UUID;

/**
 * What a group note became: the group-level record and, for its author (who may treat every attendee), each
 * attendee's note. Ids only; no attendee's note refers to any other.
 */
public record GroupNoteWritten(UUID groupNote, Map<ClientId, UUID> notes) {
}
