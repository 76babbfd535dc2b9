package health.haven.scheduling.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.scheduling.CalendarFeeds;
import health.haven.scheduling.SessionPlanner;
import health.haven.scheduling.Sessions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The staff week view (with cancel and move for those who may), a person's own upcoming sessions with the notices of
 * changes, the calendar-feed settings, and the feed itself (fetched by calendar apps without a session).
 */
@Controller
class SchedulePages {

	private final Sessions sessions;

	private final SessionPlanner planner;

	private final CalendarFeeds feeds;

	SchedulePages(Sessions sessions, SessionPlanner planner, CalendarFeeds feeds) {
		this.sessions = sessions;
		this.planner = planner;
		this.feeds = feeds;
	}

	@GetMapping("/schedule")
	String week(@RequestParam(required = false) String week, Model model) {
		Actor actor = Requests.staff();
		model.addAttribute("title", "My schedule");
		model.addAttribute("schedule", sessions.week(actor, week));
		model.addAttribute("notices", sessions.notices(actor));
		return "schedule";
	}

	@PostMapping("/schedule/sessions/{session}/cancel")
	String cancel(@PathVariable String session, @RequestParam Map<String, String> form) {
		planner.cancel(CurrentActor.require(), Requests.id(session), Requests.integer(form.get("version"), "version"));
		return "redirect:/schedule?week=" + weekOf(form) + "&cancelled";
	}

	@PostMapping("/schedule/sessions/{session}/move")
	String move(@PathVariable String session, @RequestParam Map<String, String> form) {
		planner.reschedule(CurrentActor.require(), Requests.id(session), Requests.dateTime(form.get("startsAt")),
				Requests.dateTime(form.get("endsAt")), Requests.integer(form.get("version"), "version"));
		return "redirect:/schedule?week=" + weekOf(form) + "&moved";
	}

	@GetMapping("/schedule/upcoming")
	String mine(Model model) {
		Actor actor = CurrentActor.require();
		model.addAttribute("title", "My sessions");
		model.addAttribute("sessions", sessions.upcoming(actor));
		model.addAttribute("notices", sessions.notices(actor));
		return "schedule-upcoming";
	}

	@PostMapping("/schedule/notices/{notice}/dismiss")
	String dismiss(@PathVariable String notice) {
		sessions.dismiss(CurrentActor.require(), Requests.id(notice));
		return "redirect:/schedule/upcoming";
	}

	@GetMapping("/account/calendar")
	String calendar(Model model) {
		model.addAttribute("title", "Calendar feed");
		model.addAttribute("since", feeds.current(CurrentActor.require()).orElse(null));
		return "account-calendar";
	}

	/** Shows the new address once, on this response; it is stored only as a hash. */
	@PostMapping("/account/calendar")
	String renew(Model model) {
		Actor actor = CurrentActor.require();
		String token = feeds.renew(actor);
		model.addAttribute("title", "Calendar feed");
		model.addAttribute("since", feeds.current(actor).orElse(null));
		model.addAttribute("feedUrl", ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/calendar/{token}")
			.buildAndExpand(token)
			.toUriString());
		return "account-calendar";
	}

	@PostMapping("/account/calendar/revoke")
	String revoke() {
		feeds.revoke(CurrentActor.require());
		return "redirect:/account/calendar?revoked";
	}

	@GetMapping("/calendar/{token}")
	@ResponseBody
	ResponseEntity<String> feed(@PathVariable String token, HttpServletRequest request) {
		String haven = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "calendar", java.nio.charset.StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.body(feeds.feed(token, haven, request.getRemoteAddr()));
	}

	private static String weekOf(Map<String, String> form) {
		String week = form.get("week");
		return week != null && week.matches("\\d{4}-W\\d{2}") ? week : "";
	}

}
