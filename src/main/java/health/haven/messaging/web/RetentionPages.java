package health.haven.messaging.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.messaging.MessageRetention;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The organization's message retention, for its admins ({@code /admin/**} is theirs alone; changes need step-up). */
@Controller
class RetentionPages {

	private final MessageRetention retention;

	RetentionPages(MessageRetention retention) {
		this.retention = retention;
	}

	@GetMapping("/admin/messaging")
	String page(Model model) {
		Actor actor = CurrentActor.require();
		model.addAttribute("years", retention.yearsFor(actor.org()));
		model.addAttribute("fewest", MessageRetention.FEWEST_YEARS);
		model.addAttribute("most", MessageRetention.MOST_YEARS);
		return "admin-messaging";
	}

	@PostMapping("/admin/messaging")
	String change(@RequestParam(defaultValue = "0") String years, Model model, HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		try {
			retention.change(actor, parse(years));
			return "redirect:/admin/messaging?saved";
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
			return page(model);
		}
	}

	private static int parse(String years) {
		try {
			return Integer.parseInt(years.strip());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
