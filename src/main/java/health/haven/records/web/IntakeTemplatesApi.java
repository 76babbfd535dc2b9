package health.haven.records.web;

import health.haven.identity.CurrentActor;
import health.haven.records.IntakeTemplates;
import health.haven.records.IntakeTemplates.TemplateVersion;
import health.haven.records.intake.IntakeTemplate;
import health.haven.records.intake.TemplateDefinitions;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organization's intake templates: staff read them, program directors publish new versions. A version is
 * returned in the very form {@code POST} takes, so a director can fetch the current version, change it and publish
 * it as the next.
 */
@RestController
@RequestMapping("/api/v1/intake-templates")
class IntakeTemplatesApi {

	private final IntakeTemplates templates;

	IntakeTemplatesApi(IntakeTemplates templates) {
		this.templates = templates;
	}

	@Operation(summary = "Every version of every intake template of the organization, newest version first")
	@GetMapping
	List<TemplateVersion> list() {
		return templates.versions(CurrentActor.require());
	}

	@Operation(summary = "One version's definition: {key, version, title, sections: [{id, title, category, items}]}")
	@GetMapping("/{key}/versions/{version}")
	ResponseEntity<String> get(@PathVariable String key, @PathVariable String version) {
		IntakeTemplate template = templates.find(CurrentActor.require(), key, number(version));
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(TemplateDefinitions.write(template));
	}

	@Operation(summary = "Publish the next version of a template (program directors): the definition as GET returns "
			+ "it, version left out or the next one; 400 naming what is wrong, nothing written")
	@PostMapping
	ResponseEntity<String> publish(@RequestBody(required = false) String definition) {
		IntakeTemplate published = templates.publish(CurrentActor.require(), definition);
		return ResponseEntity
			.created(URI.create("/api/v1/intake-templates/" + published.key() + "/versions/" + published.version()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(TemplateDefinitions.write(published));
	}

	/** A version that is not a number names no version: "not found", once the caller is known to be staff. */
	private static int number(String version) {
		try {
			return Integer.parseInt(version);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
