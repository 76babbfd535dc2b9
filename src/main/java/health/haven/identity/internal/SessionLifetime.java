package health.haven.identity.internal;

import health.haven.identity.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Automatic logoff (SEC-AC-03): a session ends after 15 idle minutes for staff and 30 for clients, and after 12 hours
 * whatever happens. The idle limit is set on the session at sign-in (Spring Session enforces it in PostgreSQL); the
 * absolute limit is checked on every request against the session's creation time.
 */
@Component
class SessionLifetime extends OncePerRequestFilter {

	static final Duration STAFF_IDLE = Duration.ofMinutes(15);

	static final Duration CLIENT_IDLE = Duration.ofMinutes(30);

	static final Duration ABSOLUTE = Duration.ofHours(12);

	@EventListener
	void signedIn(InteractiveAuthenticationSuccessEvent event) {
		boolean clientOnly = event.getAuthentication()
			.getAuthorities()
			.stream()
			.allMatch(authority -> authority.getAuthority().equals(Role.CLIENT.authority())
					|| !authority.getAuthority().startsWith("ROLE_"));
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpSession session = attributes.getRequest().getSession(false);
			if (session != null) {
				session.setMaxInactiveInterval((int) (clientOnly ? CLIENT_IDLE : STAFF_IDLE).toSeconds());
			}
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null && System.currentTimeMillis() - session.getCreationTime() > ABSOLUTE.toMillis()) {
			session.invalidate();
			SecurityContextHolder.clearContext();
			response.sendRedirect(request.getContextPath() + "/login?expired");
			return;
		}
		chain.doFilter(request, response);
	}

}
