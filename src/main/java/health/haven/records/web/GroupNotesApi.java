package health.haven.records.web;

import health.haven.identity.CurrentActor;
import health.haven.records.GroupNoteWritten;
import health.haven.records.GroupNotes;
import health.haven.records.NewGroupNote;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Group notes over JSON. The body is read here rather than bound by Spring so that a malformed body becomes an empty
 * request, which the service refuses with a clear message (after deciding who may write group notes at all).
 */
@RestController
class GroupNotesApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final GroupNotes groupNotes;

	GroupNotesApi(GroupNotes groupNotes) {
		this.groupNotes = groupNotes;
	}

	@Operation(summary = "Write a group note: {topic, curriculumItem, date, category: GENERAL|SUD_PART2, attendees: "
			+ "[{clientId, participation}]}; one draft progress note per attendee, or nothing when any part is wrong")
	@PostMapping("/api/v1/group-notes")
	ResponseEntity<GroupNoteJson> write(@RequestBody(required = false) String body) {
		JsonNode json = parse(body);
		List<NewGroupNote.Attendee> attendees = new ArrayList<>();
		JsonNode list = json.get("attendees");
		if (list != null && list.isArray()) {
			for (JsonNode attendee : list) {
				attendees.add(new NewGroupNote.Attendee(text(attendee, "clientId"), text(attendee, "participation")));
			}
		}
		String date = text(json, "date") != null ? text(json, "date") : text(json, "serviceDate");
		GroupNoteWritten written = groupNotes.write(CurrentActor.require(), new NewGroupNote(text(json, "topic"),
				text(json, "curriculumItem"), date, text(json, "category"), attendees));
		List<AttendeeNoteJson> notes = written.notes()
			.entrySet()
			.stream()
			.map(note -> new AttendeeNoteJson(note.getKey().toString(), note.getValue(),
					"/api/v1/clients/" + note.getKey() + "/notes/" + note.getValue()))
			.toList();
		return ResponseEntity.created(URI.create("/api/v1/group-notes/" + written.groupNote()))
			.body(new GroupNoteJson(written.groupNote(), notes));
	}

	/** The author's answer: they may treat every attendee, so they see every attendee's note. */
	record GroupNoteJson(UUID id, List<AttendeeNoteJson> notes) {
	}

	record AttendeeNoteJson(String clientId, UUID noteId, String href) {
	}

	private static JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return JSON.createObjectNode();
		}
		try {
			JsonNode json = JSON.readTree(body);
			return json != null && json.isObject() ? json : JSON.createObjectNode();
		}
		catch (RuntimeException ex) {
			return JSON.createObjectNode();
		}
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json == null ? null : json.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

}
