package health.haven.records.web;

import health.haven.identity.Actor;
import health.haven.records.Clients;
import health.haven.records.NewProgressNote;
import health.haven.records.NoteEdit;
import health.haven.records.NoteKind;
import health.haven.records.NoteTemplate;
import health.haven.records.OpenNotes;
import health.haven.records.ProgressNote;
import health.haven.records.ProgressNotes;
import health.haven.records.WithholdingException;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff pages for a client's progress notes: the list, a new draft, and one note (edit and sign a draft of one's
 * own; read a signed note and add addenda; co-sign a trainee's note). Bad input and refused changes (signed, saved
 * meanwhile) come back on the same page with the reason and the person's text, and change nothing. A signed note is
 * the client's to read in the portal at once (open notes); its clinicians may withhold it under a documented
 * exception, with the facts that support it, and release it again.
 */
@Controller
class ProgressNotePages {

	private static final String SECTION = "section.";

	private final ProgressNotes notes;

	private final Clients clients;

	private final OpenNotes openNotes;

	ProgressNotePages(ProgressNotes notes, Clients clients, OpenNotes openNotes) {
		this.notes = notes;
		this.clients = clients;
		this.openNotes = openNotes;
	}

	@GetMapping("/clients/{id}/notes")
	String list(@PathVariable String id, Model model) {
		Actor actor = StaffPages.staff();
		ClientId client = ProgressNotesApi.clientId(id);
		model.addAttribute("notes", notes.list(actor, client));
		model.addAttribute("client", clients.find(actor, client, Purpose.TREATMENT));
		return "notes";
	}

	@GetMapping("/clients/{id}/notes/new")
	String newNote(@PathVariable String id, @RequestParam(defaultValue = "DAP") String template, Model model) {
		Actor actor = StaffPages.staff();
		ClientId client = ProgressNotesApi.clientId(id);
		model.addAttribute("client", clients.find(actor, client, Purpose.TREATMENT));
		NoteTemplate chosen;
		try {
			chosen = NoteTemplate.parse(template);
		}
		catch (HavenException ex) {
			chosen = NoteTemplate.DAP;
		}
		return newForm(model, chosen, "PROGRESS", "GENERAL", LocalDate.now(ZoneOffset.UTC).toString(), false,
				Map.of());
	}

	@PostMapping("/clients/{id}/notes")
	String create(@PathVariable String id, @RequestParam Map<String, String> form, Model model,
			HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ProgressNotesApi.clientId(id);
		Map<String, String> sections = sections(form);
		boolean trainee = "true".equals(form.get("trainee")) || "on".equals(form.get("trainee"));
		try {
			UUID note = notes.create(actor, client, new NewProgressNote(form.get("template"), form.get("kind"),
					form.get("category"), form.get("serviceDate"), trainee, sections));
			return "redirect:/clients/" + client + "/notes/" + note;
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
			model.addAttribute("client", clients.find(actor, client, Purpose.TREATMENT));
			NoteTemplate template;
			try {
				template = NoteTemplate.parse(form.get("template"));
			}
			catch (HavenException unknown) {
				template = NoteTemplate.DAP;
			}
			return newForm(model, template, form.getOrDefault("kind", "PROGRESS"),
					form.getOrDefault("category", "GENERAL"), form.get("serviceDate"), trainee, sections);
		}
	}

	@GetMapping("/clients/{id}/notes/{note}")
	String note(@PathVariable String id, @PathVariable String note, Model model) {
		Actor actor = StaffPages.staff();
		return show(actor, ProgressNotesApi.clientId(id), note, model, null);
	}

	@PostMapping("/clients/{id}/notes/{note}")
	String save(@PathVariable String id, @PathVariable String note, @RequestParam Map<String, String> form,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ProgressNotesApi.clientId(id);
		try {
			notes.saveDraft(actor, client, note,
					new NoteEdit(number(form.get("version")), form.get("serviceDate"), sections(form)));
			return "redirect:/clients/" + client + "/notes/" + note + "?saved";
		}
		catch (HavenException ex) {
			return refused(ex, actor, client, note, model, response, form);
		}
	}

	@PostMapping("/clients/{id}/notes/{note}/sign")
	String sign(@PathVariable String id, @PathVariable String note, @RequestParam Map<String, String> form,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ProgressNotesApi.clientId(id);
		try {
			notes.sign(actor, client, note, number(form.get("version")));
			return "redirect:/clients/" + client + "/notes/" + note + "?signed";
		}
		catch (HavenException ex) {
			return refused(ex, actor, client, note, model, response, null);
		}
	}

	@PostMapping("/clients/{id}/notes/{note}/addenda")
	String addAddendum(@PathVariable String id, @PathVariable String note, @RequestParam Map<String, String> form,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ProgressNotesApi.clientId(id);
		try {
			notes.addAddendum(actor, client, note, form.get("text"));
			return "redirect:/clients/" + client + "/notes/" + note + "?added";
		}
		catch (HavenException ex) {
			model.addAttribute("addendumText", form.get("text"));
			return refused(ex, actor, client, note, model, response, null);
		}
	}

	@PostMapping("/clients/{id}/notes/{note}/cosign")
	String cosign(@PathVariable String id, @PathVariable String note, Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ProgressNotesApi.clientId(id);
		try {
			notes.cosign(actor, client, note);
			return "redirect:/clients/" + client + "/notes/" + note + "?cosigned";
		}
		catch (HavenException ex) {
			return refused(ex, actor, client, note, model, response, null);
		}
	}

	@PostMapping("/clients/{id}/notes/{note}/withhold")
	String withhold(@PathVariable String id, @PathVariable String note, @RequestParam Map<String, String> form,
			Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ProgressNotesApi.clientId(id);
		try {
			openNotes.withhold(actor, client, note, form.get("exception"), form.get("reason"));
			return "redirect:/clients/" + client + "/notes/" + note + "?withheld";
		}
		catch (HavenException ex) {
			model.addAttribute("withholdReason", form.get("reason"));
			return refused(ex, actor, client, note, model, response, null);
		}
	}

	@PostMapping("/clients/{id}/notes/{note}/release")
	String release(@PathVariable String id, @PathVariable String note, Model model, HttpServletResponse response) {
		Actor actor = StaffPages.staff();
		ClientId client = ProgressNotesApi.clientId(id);
		try {
			openNotes.release(actor, client, note);
			return "redirect:/clients/" + client + "/notes/" + note + "?released";
		}
		catch (HavenException ex) {
			return refused(ex, actor, client, note, model, response, null);
		}
	}

	/** A refusal the person can act on is shown on the note itself, with what they wrote; others go to the error page. */
	private String refused(HavenException ex, Actor actor, ClientId client, String note, Model model,
			HttpServletResponse response, Map<String, String> form) {
		boolean actionable = (ex.code().startsWith("RECORDS_NOTE_") || ex.code().startsWith("RECORDS_WITHHOLDING_"))
				&& (ex.kind() == Kind.BAD_REQUEST || ex.kind() == Kind.CONFLICT || ex.kind() == Kind.FORBIDDEN);
		if (!actionable) {
			throw ex;
		}
		response.setStatus(ex.kind().status());
		String view = show(actor, client, note, model, ex.explanation());
		if (form != null && ex.kind() == Kind.BAD_REQUEST) {
			model.addAttribute("sections", sections(form));
			model.addAttribute("serviceDate", form.get("serviceDate"));
		}
		return view;
	}

	private String show(Actor actor, ClientId client, String noteId, Model model, String error) {
		ProgressNote note = notes.find(actor, client, noteId);
		model.addAttribute("note", note);
		model.addAttribute("addenda", notes.addenda(actor, client, noteId));
		model.addAttribute("client", clients.find(actor, client, Purpose.TREATMENT));
		model.addAttribute("sections", note.sections());
		model.addAttribute("serviceDate", note.serviceDate().toString());
		model.addAttribute("editable", !note.signed() && note.author().equals(actor.user()));
		model.addAttribute("mine", note.author().equals(actor.user()));
		boolean released = note.signed() && note.kind() == NoteKind.PROGRESS;
		model.addAttribute("releasable", released);
		model.addAttribute("withholding",
				released ? openNotes.withholding(actor, client, noteId).orElse(null) : null);
		model.addAttribute("exceptions", WithholdingException.values());
		model.addAttribute("error", error);
		return "note";
	}

	private static String newForm(Model model, NoteTemplate template, String kind, String category,
			String serviceDate, boolean trainee, Map<String, String> sections) {
		model.addAttribute("template", template);
		model.addAttribute("templates", NoteTemplate.individual());
		model.addAttribute("kind", kind);
		model.addAttribute("category", category);
		model.addAttribute("serviceDate", serviceDate);
		model.addAttribute("trainee", trainee);
		model.addAttribute("sections", sections);
		return "note-new";
	}

	private static Map<String, String> sections(Map<String, String> form) {
		Map<String, String> sections = new LinkedHashMap<>();
		form.forEach((name, value) -> {
			if (name.startsWith(SECTION)) {
				sections.put(name.substring(SECTION.length()), value);
			}
		});
		return sections;
	}

	private static Integer number(String value) {
		try {
			return value == null ? null : Integer.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
