package health.haven.messaging.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.messaging.CommunicationPreferences;
import health.haven.messaging.Preferences;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The signed-in person's communication preferences (client or staff): e-mail notifications, portal only, quiet hours.
 * A page at {@code /account/communication} and the same over JSON at {@code /api/v1/me/communication-preferences}.
 */
@Controller
class CommunicationPages {

	/** The zones offered on the page (any IANA zone is accepted over the API). */
	static final List<String> ZONES = List.of("America/New_York", "America/Chicago", "America/Denver",
			"America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico");

	private final CommunicationPreferences preferences;

	CommunicationPages(CommunicationPreferences preferences) {
		this.preferences = preferences;
	}

	@GetMapping("/account/communication")
	String page(Model model) {
		Actor actor = CurrentActor.require();
		return page(model, preferences.of(actor.org(), actor.user()));
	}

	@PostMapping("/account/communication")
	String change(@RequestParam(defaultValue = "false") boolean emailNotifications,
			@RequestParam(defaultValue = "false") boolean portalOnly, @RequestParam(defaultValue = "") String quietStart,
			@RequestParam(defaultValue = "") String quietEnd, @RequestParam(defaultValue = "") String zone, Model model,
			HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		Preferences wanted = new Preferences(emailNotifications, portalOnly, time(quietStart), time(quietEnd), zone);
		try {
			preferences.change(actor, wanted);
			return "redirect:/account/communication?saved";
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
			return page(model, wanted);
		}
	}

	@Operation(summary = "The caller's communication preferences")
	@GetMapping(path = "/api/v1/me/communication-preferences", produces = "application/json")
	@ResponseBody
	Preferences get() {
		Actor actor = CurrentActor.require();
		return preferences.of(actor.org(), actor.user());
	}

	@Operation(summary = "Changes the caller's communication preferences: emailNotifications, portalOnly, quietStart "
			+ "and quietEnd (HH:mm, both or neither), zone (IANA)")
	@PutMapping(path = "/api/v1/me/communication-preferences", produces = "application/json")
	@ResponseBody
	Preferences put(@RequestBody PreferencesJson wanted) {
		Actor actor = CurrentActor.require();
		Preferences current = preferences.of(actor.org(), actor.user());
		return preferences.change(actor, new Preferences(
				wanted.emailNotifications() != null ? wanted.emailNotifications() : current.emailNotifications(),
				wanted.portalOnly() != null ? wanted.portalOnly() : current.portalOnly(), wanted.quietStart(),
				wanted.quietEnd(), wanted.zone() != null ? wanted.zone() : current.zone()));
	}

	/** A change over JSON: a choice left out stays as it is, except quiet hours (left out: none). */
	record PreferencesJson(Boolean emailNotifications, Boolean portalOnly, LocalTime quietStart, LocalTime quietEnd,
			String zone) {
	}

	private String page(Model model, Preferences shown) {
		model.addAttribute("preferences", shown);
		model.addAttribute("zones", ZONES.contains(shown.zone()) ? ZONES
				: java.util.stream.Stream.concat(ZONES.stream(), java.util.stream.Stream.of(shown.zone())).toList());
		return "account-communication";
	}

	private static LocalTime time(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalTime.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new HavenException("MESSAGING_QUIET_HOURS_INVALID", Kind.BAD_REQUEST,
					"give the quiet hours as times such as 21:00 and 07:00");
		}
	}

}
