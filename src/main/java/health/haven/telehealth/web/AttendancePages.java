package health.haven.telehealth.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.telehealth.Attendance;
import health.haven.telehealth.AttendanceCorrection;
import health.haven.telehealth.AttendanceRecord;
import health.haven.telehealth.AttendanceStatus;
import health.haven.telehealth.HoursWeek;
import health.haven.telehealth.SessionAttendance;
import health.haven.telehealth.WeeklyHours;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The facilitator's attendance page of a session (pre-filled from presence, confirmed or corrected with a reason) and
 * the weekly-hours monitor. Session ids travel in paths and weeks in the query; client ids only in form field names,
 * never a name or a status in a URL.
 */
@Controller
class AttendancePages {

	private static final String STATUS = "status.";

	private final Attendance attendance;

	private final WeeklyHours hours;

	private final ClientNames names;

	AttendancePages(Attendance attendance, WeeklyHours hours, ClientNames names) {
		this.attendance = attendance;
		this.hours = hours;
		this.names = names;
	}

	@GetMapping("/schedule/sessions/{session}/attendance")
	String session(@PathVariable String session, @RequestParam(required = false) String confirmed, Model model) {
		Actor actor = CurrentActor.require();
		model.addAttribute("confirmedNow", confirmed != null);
		return page(actor, attendance.of(actor, id(session)), Map.of(), model);
	}

	@PostMapping("/schedule/sessions/{session}/attendance")
	String confirm(@PathVariable String session, @RequestParam Map<String, String> form, Model model,
			HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		UUID id = id(session);
		try {
			List<AttendanceCorrection> lines = new ArrayList<>();
			form.forEach((name, value) -> {
				if (name.startsWith(STATUS)) {
					String client = name.substring(STATUS.length());
					lines.add(new AttendanceCorrection(client, value, minutes(form.get("minutes." + client)),
							form.get("reason." + client)));
				}
			});
			attendance.confirm(actor, id, lines);
			return "redirect:/schedule/sessions/" + id + "/attendance?confirmed";
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST && ex.kind() != Kind.CONFLICT) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
			model.addAttribute("confirmedNow", false);
			return page(actor, attendance.of(actor, id), form, model);
		}
	}

	@GetMapping("/attendance/hours")
	String hours(@RequestParam(required = false) String week, Model model) {
		Actor actor = CurrentActor.require();
		HoursWeek monitor = hours.monitor(actor, week);
		model.addAttribute("title", "Weekly hours");
		model.addAttribute("hours", monitor);
		model.addAttribute("staff", actor.isStaff());
		model.addAttribute("names", actor.isStaff()
				? names.of(actor, monitor.clients().stream().map(h -> h.client()).toList()) : Map.of());
		return "attendance-hours";
	}

	private String page(Actor actor, SessionAttendance shown, Map<String, String> form, Model model) {
		model.addAttribute("title", "Attendance");
		model.addAttribute("attendance", shown);
		model.addAttribute("names", names.of(actor, shown.records().stream().map(AttendanceRecord::client).toList()));
		model.addAttribute("form", form);
		model.addAttribute("statuses", AttendanceStatus.values());
		return "attendance-session";
	}

	/** Blank is "what presence shows"; anything but a whole number is a clear bad request. */
	private static Integer minutes(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new HavenException("ATTENDANCE_MINUTES_INVALID", Kind.BAD_REQUEST,
					"minutes are a whole number; nothing was written");
		}
	}

	/** A malformed session id is a session that does not exist. */
	static UUID id(String value) {
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return null;
		}
	}

}
