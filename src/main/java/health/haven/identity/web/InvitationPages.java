package health.haven.identity.web;

import health.haven.identity.Invitations;
import health.haven.shared.HavenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Where an invited person chooses their password. Public (they cannot sign in yet): the link's token is the
 * credential, so it is checked before the form is even shown, and spent when the password is accepted.
 */
@Controller
class InvitationPages {

	private final Invitations invitations;

	InvitationPages(Invitations invitations) {
		this.invitations = invitations;
	}

	@GetMapping("/invitations/{token}")
	String form(@PathVariable String token, Model model) {
		invitations.checkUsable(token);
		model.addAttribute("token", token);
		return "invitation";
	}

	@PostMapping("/invitations/{token}")
	String accept(@PathVariable String token, @RequestParam(defaultValue = "") String password,
			@RequestParam(defaultValue = "") String confirmation, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		if (!password.equals(confirmation)) {
			response.setStatus(400);
			return again(token, model, "The two passwords are not the same.");
		}
		try {
			invitations.accept(token, password, request.getRemoteAddr());
		}
		catch (HavenException ex) {
			if (!ex.code().startsWith("IDENTITY_PASSWORD_")) {
				throw ex;
			}
			response.setStatus(400);
			return again(token, model, ex.explanation());
		}
		return "redirect:/login?welcome";
	}

	private static String again(String token, Model model, String error) {
		model.addAttribute("token", token);
		model.addAttribute("error", error);
		return "invitation";
	}

	@ExceptionHandler(HavenException.class)
	ModelAndView refused(HavenException ex) {
		return Pages.refused(ex);
	}

}
