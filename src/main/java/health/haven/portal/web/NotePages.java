package health.haven.portal.web;

import health.haven.consent.ClientConsents;
import health.haven.records.OpenNotes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Open notes: the client's signed notes, released at signature; a withheld note is counted, never shown; psychotherapy
 * notes are not there at all. Any note id that is not one of the client's released notes is "not found" (audited).
 */
@Controller
class NotePages {

	private final ClientConsents consents;

	private final OpenNotes notes;

	NotePages(ClientConsents consents, OpenNotes notes) {
		this.consents = consents;
		this.notes = notes;
	}

	@GetMapping("/portal/notes")
	String list(Model model) {
		PortalClient client = PortalClient.current(consents);
		model.addAttribute("released", notes.released(client.actor(), client.client()));
		return "portal-notes";
	}

	@GetMapping("/portal/notes/{note}")
	String note(@PathVariable String note, Model model) {
		PortalClient client = PortalClient.current(consents);
		model.addAttribute("released", notes.releasedNote(client.actor(), client.client(), note));
		return "portal-note";
	}

}
