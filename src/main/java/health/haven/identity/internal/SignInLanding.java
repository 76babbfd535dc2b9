package health.haven.identity.internal;

import health.haven.identity.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * Where a completed sign-in goes when nobody asked for a page first: a client to their portal's home, staff to the
 * home page (which leads to their work). A page asked for before signing in (the saved request) still wins.
 */
class SignInLanding extends SavedRequestAwareAuthenticationSuccessHandler {

	/** The client portal's home (served by the portal module). */
	static final String CLIENT_HOME = "/portal";

	@Override
	protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) {
		return clientOnly(authentication) ? CLIENT_HOME : super.determineTargetUrl(request, response, authentication);
	}

	static boolean clientOnly(Authentication authentication) {
		if (authentication == null) {
			return false;
		}
		boolean client = false;
		for (var authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name == null || !name.startsWith("ROLE_")) {
				continue;
			}
			try {
				Role role = Role.valueOf(name.substring(5));
				if (role.isStaff()) {
					return false;
				}
				client |= role == Role.CLIENT;
			}
			catch (IllegalArgumentException ex) {
				// not one of Haven's roles
			}
		}
		return client;
	}

}
