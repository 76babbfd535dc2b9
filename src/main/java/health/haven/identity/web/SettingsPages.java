package health.haven.identity.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.identity.OrganizationSettings;
import health.haven.identity.OrganizationSettings.Settings;
import health.haven.shared.HavenException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The organization admin's sign-in settings (under {@code /admin}: admins only, changes need step-up). */
@Controller
class SettingsPages {

	private final OrganizationSettings settings;

	SettingsPages(OrganizationSettings settings) {
		this.settings = settings;
	}

	@GetMapping("/admin/settings")
	String show(Model model) {
		model.addAttribute("settings", settings.of(CurrentActor.require().org()));
		return "admin-settings";
	}

	@PostMapping("/admin/settings")
	String change(@RequestParam(defaultValue = "0") int staffIdleMinutes,
			@RequestParam(defaultValue = "0") int clientIdleMinutes,
			@RequestParam(defaultValue = "false") boolean clientsRequireMfa,
			@RequestParam(defaultValue = "false") boolean accessLogShowsNames, Model model) {
		Actor admin = CurrentActor.require();
		Settings wanted = new Settings(staffIdleMinutes, clientIdleMinutes, clientsRequireMfa,
				accessLogShowsNames);
		try {
			settings.change(admin.ref(), admin.org(), wanted);
			model.addAttribute("saved", true);
			model.addAttribute("settings", wanted);
		}
		catch (HavenException ex) {
			if (ex.kind() != HavenException.Kind.BAD_REQUEST) {
				throw ex;
			}
			model.addAttribute("error", ex.explanation());
			model.addAttribute("settings", settings.of(admin.org()));
		}
		return "admin-settings";
	}

}
