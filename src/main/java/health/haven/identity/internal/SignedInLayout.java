package health.haven.identity.internal;

import health.haven.identity.CurrentActor;
import health.haven.shared.web.PageRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page shows a signed-in person about their own sign-in: how long the session may sit idle (the idle
 * warning counts down from it) and any sign-in from a new device they have not yet dismissed.
 */
@ControllerAdvice
class SignedInLayout {

	private final SignInDevices devices;

	SignedInLayout(SignInDevices devices) {
		this.devices = devices;
	}

	/** Seconds; absent when nobody is signed in, so the idle warning is not loaded at all. */
	@ModelAttribute("idleSeconds")
	Integer idleSeconds(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session == null || !signedIn() ? null : session.getMaxInactiveInterval();
	}

	@ModelAttribute("signInNotices")
	List<SignInDevices.Notice> signInNotices(HttpServletRequest request) {
		if (!signedIn() || !PageRequests.rendersPage(request)) {
			return List.of();
		}
		return CurrentActor.get().map(actor -> devices.notices(actor.org(), actor.user())).orElse(List.of());
	}

	/** Not after the password step alone: whoever knows only the password learns nothing here. */
	private static boolean signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof SignInAccount
				&& SignInDevices.complete(authentication);
	}

}
