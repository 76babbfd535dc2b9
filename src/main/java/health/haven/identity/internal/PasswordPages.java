package health.haven.identity.internal;

import health.haven.identity.CurrentActor;
import health.haven.shared.HavenException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Self-service: change one's password. */
@Controller
class PasswordPages {

	static final String PATH = "/account/password";

	private final PasswordChanges changes;

	PasswordPages(PasswordChanges changes) {
		this.changes = changes;
	}

	@GetMapping(PATH)
	String form() {
		return "account-password";
	}

	@PostMapping(PATH)
	String change(@RequestParam(defaultValue = "") String currentPassword,
			@RequestParam(defaultValue = "") String newPassword, HttpServletRequest request, Model model) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication.getPrincipal() instanceof SignInAccount account)) {
			throw new HavenException("IDENTITY_NOT_SIGNED_IN", HavenException.Kind.UNAUTHENTICATED, "sign in first");
		}
		try {
			int ended = changes.change(account, CurrentActor.require().ref(), currentPassword, newPassword,
					request.getSession().getId());
			model.addAttribute("changed", true);
			model.addAttribute("sessionsEnded", ended);
		}
		catch (HavenException ex) {
			if (ex.kind() != HavenException.Kind.BAD_REQUEST) {
				throw ex;
			}
			model.addAttribute("error", ex.explanation());
		}
		return "account-password";
	}

}
