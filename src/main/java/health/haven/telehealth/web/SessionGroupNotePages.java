package health.haven.telehealth.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.ClientSummary;
import health.haven.records.GroupNotes;
import health.haven.shared.ClientId;
import health.haven.telehealth.Attendance;
import health.haven.telehealth.AttendanceRecord;
import health.haven.telehealth.SessionAttendance;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The group note of a session, with its attendees ticked from the confirmed attendance (present, late or left early;
 * never the absent, never anyone unconfirmed). It renders records' own group-note form and the form posts to records
 * as any group note does: records knows nothing of sessions or presence, and still decides every attendee (ADR 0012).
 */
@Controller
class SessionGroupNotePages {

	private final Attendance attendance;

	private final GroupNotes groupNotes;

	private final ClientNames names;

	SessionGroupNotePages(Attendance attendance, GroupNotes groupNotes, ClientNames names) {
		this.attendance = attendance;
		this.groupNotes = groupNotes;
		this.names = names;
	}

	@GetMapping("/schedule/sessions/{session}/group-note")
	String groupNote(@PathVariable String session, Model model) {
		Actor actor = CurrentActor.require();
		groupNotes.requireWriter(actor);
		SessionAttendance shown = attendance.of(actor, AttendancePages.id(session));
		Map<ClientId, ClientSummary> roster = names.of(actor,
				shown.records().stream().map(AttendanceRecord::client).toList());
		Map<String, String> form = new HashMap<>();
		form.put("date", shown.session().day().toString());
		form.put("category", "GENERAL");
		long ticked = 0;
		for (AttendanceRecord record : shown.records()) {
			if (record.confirmed() && record.status().attended() && roster.containsKey(record.client())) {
				form.put("attends." + record.client(), "on");
				ticked++;
			}
		}
		model.addAttribute("clients", List.copyOf(roster.values()));
		model.addAttribute("form", form);
		model.addAttribute("fromSession", shown.session());
		model.addAttribute("fromAttendance", shown.records().stream().anyMatch(AttendanceRecord::confirmed)
				? ticked + " attendees ticked from the confirmed attendance of this session."
				: "The attendance of this session is not confirmed yet: confirm it first and the attendees are ticked for you.");
		return "group-note-new";
	}

}
