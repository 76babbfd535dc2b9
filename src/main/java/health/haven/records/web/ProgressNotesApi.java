package health.haven.records.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.NewProgressNote;
import health.haven.records.NoteAddendum;
import health.haven.records.NoteEdit;
import health.haven.records.NoteTemplate;
import health.haven.records.ProgressNote;
import health.haven.records.ProgressNoteSummary;
import health.haven.records.ProgressNotes;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Progress notes over JSON. Request bodies are read here rather than bound by Spring so that the client is decided
 * (404 outside one's care) before the body is judged: a malformed body becomes an empty request, which the service
 * refuses with a clear message only to someone who may write in the record. Changes are POSTs (save, sign, add).
 */
@RestController
@RequestMapping("/api/v1/clients/{id}/notes")
class ProgressNotesApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ProgressNotes notes;

	ProgressNotesApi(ProgressNotes notes) {
		this.notes = notes;
	}

	@Operation(summary = "The client's notes the caller may read, newest first, without their text")
	@GetMapping
	List<NoteSummaryJson> list(@PathVariable String id) {
		return notes.list(CurrentActor.require(), clientId(id)).stream().map(NoteSummaryJson::of).toList();
	}

	@Operation(summary = "Start a draft: {template: DAP|SOAP|BIRP, kind: PROGRESS|PSYCHOTHERAPY, "
			+ "category: GENERAL|SUD_PART2, serviceDate, trainee, sections: {name: text}}")
	@PostMapping
	ResponseEntity<NoteJson> create(@PathVariable String id, @RequestBody(required = false) String body) {
		Actor actor = CurrentActor.require();
		ClientId client = clientId(id);
		JsonNode json = parse(body);
		UUID note = notes.create(actor, client, new NewProgressNote(text(json, "template"), text(json, "kind"),
				text(json, "category"), text(json, "serviceDate"), json.path("trainee").asBoolean(false),
				sections(json)));
		return ResponseEntity.created(URI.create("/api/v1/clients/" + client + "/notes/" + note))
			.body(one(actor, client, note.toString()));
	}

	@Operation(summary = "One note with its sections and addenda; 404 for a note the caller may not read")
	@GetMapping("/{note}")
	NoteJson get(@PathVariable String id, @PathVariable String note) {
		return one(CurrentActor.require(), clientId(id), note);
	}

	@Operation(summary = "Save a draft: {version, serviceDate, sections}; 409 when signed or saved meanwhile")
	@PostMapping("/{note}")
	NoteJson save(@PathVariable String id, @PathVariable String note, @RequestBody(required = false) String body) {
		Actor actor = CurrentActor.require();
		ClientId client = clientId(id);
		JsonNode json = parse(body);
		notes.saveDraft(actor, client, note, new NoteEdit(version(json), text(json, "serviceDate"), sections(json)));
		return one(actor, client, note);
	}

	@Operation(summary = "Sign a draft as of {version}: locks it and keeps its content hash")
	@PostMapping("/{note}/sign")
	NoteJson sign(@PathVariable String id, @PathVariable String note, @RequestBody(required = false) String body) {
		Actor actor = CurrentActor.require();
		ClientId client = clientId(id);
		notes.sign(actor, client, note, version(parse(body)));
		return one(actor, client, note);
	}

	@Operation(summary = "Add an addendum {text} to a signed note")
	@PostMapping("/{note}/addenda")
	ResponseEntity<NoteJson> addAddendum(@PathVariable String id, @PathVariable String note,
			@RequestBody(required = false) String body) {
		Actor actor = CurrentActor.require();
		ClientId client = clientId(id);
		notes.addAddendum(actor, client, note, text(parse(body), "text"));
		return ResponseEntity.status(201).body(one(actor, client, note));
	}

	@Operation(summary = "Co-sign a trainee's signed note (a clinician other than its author)")
	@PostMapping("/{note}/cosign")
	NoteJson cosign(@PathVariable String id, @PathVariable String note) {
		Actor actor = CurrentActor.require();
		ClientId client = clientId(id);
		notes.cosign(actor, client, note);
		return one(actor, client, note);
	}

	private NoteJson one(Actor actor, ClientId client, String note) {
		return NoteJson.of(notes.find(actor, client, note), notes.addenda(actor, client, note));
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
		JsonNode value = json.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

	private static Integer version(JsonNode json) {
		JsonNode value = json.get("version");
		return value != null && value.isInt() ? value.asInt() : null;
	}

	private static Map<String, String> sections(JsonNode json) {
		Map<String, String> sections = new LinkedHashMap<>();
		JsonNode given = json.get("sections");
		if (given != null && given.isObject()) {
			for (Map.Entry<String, JsonNode> entry : given.properties()) {
				sections.put(entry.getKey(), entry.getValue().isNull() ? null : entry.getValue().asString());
			}
		}
		return sections;
	}

	static ClientId clientId(String id) {
		try {
			return new ClientId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("CLIENT_NOT_FOUND", Kind.NOT_FOUND, "no such client");
		}
	}

	record NoteSummaryJson(String id, String author, String kind, String template, String category,
			LocalDate serviceDate, String status, Instant signedAt, Boolean lateEntry) {

		static NoteSummaryJson of(ProgressNoteSummary note) {
			return new NoteSummaryJson(note.id().toString(), note.author().toString(), note.kind().name(),
					note.template().name(), note.category().name(), note.serviceDate(),
					NoteJson.status(note.signed(), note.awaitingCosignature()), note.signedAt(), note.lateEntry());
		}

		@Override
		public String toString() {
			return "NoteSummaryJson[id=" + id + "]";
		}

	}

	record SectionJson(String name, String heading, String text) {

		@Override
		public String toString() {
			return "SectionJson[name=" + name + "]";
		}

	}

	record AddendumJson(String id, String author, Instant writtenAt, String text) {

		@Override
		public String toString() {
			return "AddendumJson[id=" + id + "]";
		}

	}

	record NoteJson(String id, String client, String author, String kind, String template, String category,
			LocalDate serviceDate, boolean trainee, int version, String status, Instant signedAt, String contentHash,
			Boolean lateEntry, Instant cosignedAt, String cosignedBy, List<SectionJson> sections,
			List<AddendumJson> addenda) {

		static NoteJson of(ProgressNote note, List<NoteAddendum> addenda) {
			List<SectionJson> sections = note.template()
				.sections()
				.stream()
				.map((NoteTemplate.Section section) -> new SectionJson(section.name(), section.label(),
						note.sections().get(section.name())))
				.toList();
			return new NoteJson(note.id().toString(), note.client().toString(), note.author().toString(),
					note.kind().name(), note.template().name(), note.category().name(), note.serviceDate(),
					note.trainee(), note.version(), status(note.signed(), note.awaitingCosignature()), note.signedAt(),
					note.contentHash(), note.lateEntry(), note.cosignedAt(),
					note.cosignedBy() == null ? null : note.cosignedBy().toString(), sections,
					addenda.stream()
						.map(addendum -> new AddendumJson(addendum.id().toString(), addendum.author().toString(),
								addendum.writtenAt(), addendum.text()))
						.toList());
		}

		static String status(boolean signed, boolean awaitingCosignature) {
			return awaitingCosignature ? "AWAITING_COSIGNATURE" : signed ? "SIGNED" : "DRAFT";
		}

		@Override
		public String toString() {
			return "NoteJson[id=" + id + "]";
		}

	}

}
