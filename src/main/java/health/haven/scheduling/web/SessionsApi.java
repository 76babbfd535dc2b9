package health.haven.scheduling.web;

import health.haven.identity.CurrentActor;
import health.haven.scheduling.NewGroupSeries;
import health.haven.scheduling.NewIndividualSession;
import health.haven.scheduling.ScheduleWeek;
import health.haven.scheduling.ScheduledSeries;
import health.haven.scheduling.ScheduledSession;
import health.haven.scheduling.SessionEntry;
import health.haven.scheduling.SessionPlanner;
import health.haven.scheduling.Sessions;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Scheduled sessions over JSON: the staff week, one's own sessions, scheduling and changing them. */
@RestController
class SessionsApi {

	private final Sessions sessions;

	private final SessionPlanner planner;

	SessionsApi(Sessions sessions, SessionPlanner planner) {
		this.sessions = sessions;
		this.planner = planner;
	}

	@Operation(summary = "A week (like 2026-W49) of the signed-in staff member's sessions, and their programs' for a director")
	@GetMapping("/api/v1/schedule")
	ScheduleWeek week(@RequestParam(required = false) String week) {
		return sessions.week(CurrentActor.require(), week);
	}

	@Operation(summary = "The signed-in person's upcoming sessions; a client sees nothing about other attendees")
	@GetMapping("/api/v1/me/sessions")
	List<SessionEntry> mine() {
		return sessions.upcoming(CurrentActor.require());
	}

	@Operation(summary = "One session: ids and times, for its staff, its program's director and its roster's clients")
	@GetMapping("/api/v1/sessions/{session}")
	ScheduledSession one(@PathVariable String session) {
		return sessions.find(CurrentActor.require(), Requests.id(session));
	}

	@Operation(summary = "Schedules a track's recurring group over a date range (the program's director)")
	@PostMapping("/api/v1/programs/{program}/tracks/{track}/sessions")
	@ResponseStatus(HttpStatus.CREATED)
	ScheduledSeries group(@PathVariable String program, @PathVariable String track, @RequestBody SeriesJson body) {
		return planner.scheduleGroup(CurrentActor.require(), Requests.id(program), Requests.id(track),
				new NewGroupSeries(Requests.date(body.from()), Requests.date(body.to()),
						Requests.user(body.facilitator(), "facilitator"),
						Requests.user(body.coFacilitator(), "co-facilitator"), body.days(), body.startsAt(),
						body.endsAt(), Requests.integer(body.capacity(), "capacity")));
	}

	@Operation(summary = "Schedules an individual session between the signed-in clinician and a client of their care")
	@PostMapping("/api/v1/sessions")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> individual(@RequestBody IndividualJson body) {
		return Map.of("id", planner.scheduleIndividual(CurrentActor.require(), new NewIndividualSession(
				Requests.client(body.client()), Requests.dateTime(body.startsAt()),
				Requests.integer(body.minutes(), "length in minutes"))).toString());
	}

	@Operation(summary = "Moves one session; those affected get a notice. A stale version is a conflict")
	@PostMapping("/api/v1/sessions/{session}/reschedule")
	Map<String, String> reschedule(@PathVariable String session, @RequestBody ChangeJson body) {
		planner.reschedule(CurrentActor.require(), Requests.id(session), Requests.dateTime(body.startsAt()),
				Requests.dateTime(body.endsAt()), Requests.integer(body.version(), "version"));
		return Map.of("status", "SCHEDULED");
	}

	@Operation(summary = "Cancels one session; those affected get a notice. A stale version is a conflict")
	@PostMapping("/api/v1/sessions/{session}/cancel")
	Map<String, String> cancel(@PathVariable String session, @RequestBody ChangeJson body) {
		planner.cancel(CurrentActor.require(), Requests.id(session), Requests.integer(body.version(), "version"));
		return Map.of("status", "CANCELLED");
	}

	@Operation(summary = "Adds a client of one's care to a group session's roster, within its capacity")
	@PostMapping("/api/v1/sessions/{session}/roster")
	Map<String, String> roster(@PathVariable String session, @RequestBody RosterJson body) {
		planner.addToRoster(CurrentActor.require(), Requests.id(session), Requests.client(body.client()));
		return Map.of("client", String.valueOf(body.client()));
	}

	@Operation(summary = "Cancels a recurring group's occurrences from a date on (the program's director); each gets its notices")
	@PostMapping("/api/v1/session-series/{series}/cancel")
	Map<String, Integer> cancelSeries(@PathVariable String series, @RequestBody SeriesCancelJson body) {
		return Map.of("cancelled", planner.cancelSeries(CurrentActor.require(), Requests.id(series),
				Requests.date(body.from())));
	}

	record SeriesCancelJson(String from) {
	}

	record SeriesJson(String from, String to, String facilitator, String coFacilitator, String days, String startsAt,
			String endsAt, String capacity) {
	}

	record IndividualJson(String client, String startsAt, String minutes) {
	}

	record ChangeJson(String startsAt, String endsAt, String version) {
	}

	record RosterJson(String client) {
	}

}
