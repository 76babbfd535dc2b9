package health.haven.telehealth.web;

import health.haven.identity.CurrentActor;
import health.haven.telehealth.Attendance;
import health.haven.telehealth.AttendanceCorrection;
import health.haven.telehealth.HoursWeek;
import health.haven.telehealth.SessionAttendance;
import health.haven.telehealth.WeeklyHours;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Attendance over JSON: a session's attendance for its staff, confirming it, and the weekly-hours monitor. */
@RestController
class AttendanceApi {

	private final Attendance attendance;

	private final WeeklyHours hours;

	AttendanceApi(Attendance attendance, WeeklyHours hours) {
		this.attendance = attendance;
		this.hours = hours;
	}

	@Operation(summary = "A session's attendance, pre-filled from presence and overlaid with what was confirmed; for the session's staff and its program's director")
	@GetMapping("/api/v1/sessions/{session}/attendance")
	SessionAttendance session(@PathVariable String session) {
		return attendance.of(CurrentActor.require(), AttendancePages.id(session));
	}

	@Operation(summary = "Confirms or corrects a session's attendance once it has ended; a change from presence needs a reason; all or nothing")
	@PostMapping("/api/v1/sessions/{session}/attendance")
	SessionAttendance confirm(@PathVariable String session, @RequestBody ConfirmationJson body) {
		return attendance.confirm(CurrentActor.require(), AttendancePages.id(session),
				body == null ? null : body.records());
	}

	@Operation(summary = "Weekly hours (an ISO week like 2026-W48; blank for this week): a clinician's care-team clients, a director's program clients, a client's own")
	@GetMapping("/api/v1/attendance/hours")
	HoursWeek monitor(@RequestParam(required = false) String week) {
		return hours.monitor(CurrentActor.require(), week);
	}

	@Operation(summary = "The signed-in client's own weekly hours against their program's requirement")
	@GetMapping("/api/v1/me/hours")
	HoursWeek mine(@RequestParam(required = false) String week) {
		return hours.mine(CurrentActor.require(), week);
	}

	/** The lines to confirm: client, status, minutes (blank: from presence), reason (for a change). */
	record ConfirmationJson(List<AttendanceCorrection> records) {
	}

}
