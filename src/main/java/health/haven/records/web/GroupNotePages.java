package health.haven.records.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.Clients;
import health.haven.records.GroupNoteWritten;
import health.haven.records.GroupNotes;
import health.haven.records.NewGroupNote;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The group note form: the session's topic, curriculum item and day, then every client the author may treat with a
 * box to tick and a participation to write. A refused group note comes back on the same page with the reason and
 * everything typed, and nothing written for anyone.
 */
@Controller
class GroupNotePages {

	private static final String ATTENDS = "attends.";

	private static final String PARTICIPATION = "participation.";

	private final GroupNotes groupNotes;

	private final Clients clients;

	GroupNotePages(GroupNotes groupNotes, Clients clients) {
		this.groupNotes = groupNotes;
		this.clients = clients;
	}

	@GetMapping("/group-notes/new")
	String newGroupNote(@RequestParam(required = false) Integer written, Model model) {
		Actor actor = CurrentActor.require();
		groupNotes.requireWriter(actor);
		model.addAttribute("written", written);
		return form(actor, model, Map.of("date", LocalDate.now(ZoneOffset.UTC).toString(), "category", "GENERAL"));
	}

	@PostMapping("/group-notes")
	String write(@RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		groupNotes.requireWriter(actor);
		List<NewGroupNote.Attendee> attendees = new ArrayList<>();
		form.forEach((name, value) -> {
			if (name.startsWith(ATTENDS) && ("on".equals(value) || "true".equals(value))) {
				String client = name.substring(ATTENDS.length());
				attendees.add(new NewGroupNote.Attendee(client, form.get(PARTICIPATION + client)));
			}
		});
		try {
			GroupNoteWritten written = groupNotes.write(actor, new NewGroupNote(form.get("topic"),
					form.get("curriculumItem"), form.get("date"), form.get("category"), attendees));
			return "redirect:/group-notes/new?written=" + written.notes().size();
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST && !ex.code().equals("RECORDS_GROUP_NOTE_ATTENDEE_REFUSED")) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
			return form(actor, model, form);
		}
	}

	private String form(Actor actor, Model model, Map<String, String> form) {
		model.addAttribute("clients", clients.visibleTo(actor, Purpose.TREATMENT));
		model.addAttribute("form", form);
		return "group-note-new";
	}

}
