package health.haven.identity.internal;

import health.haven.identity.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import health.haven.shared.tenancy.Tenancy;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Automatic logoff (SEC-AC-03): a session ends after the organization's idle limit (15 minutes for staff and 30 for
 * clients unless the organization chose shorter, or for clients longer up to an hour), and after 12 hours whatever
 * happens. The idle limit is set on the session at sign-in (Spring Session enforces it in PostgreSQL); the absolute
 * limit is checked on every request against the session's creation time.
 */
@Component
class SessionLifetime extends OncePerRequestFilter {

	static final Duration STAFF_IDLE = Duration.ofMinutes(15);

	static final Duration CLIENT_IDLE = Duration.ofMinutes(30);

	static final Duration ABSOLUTE = Duration.ofHours(12);

	private final JdbcClient db;

	SessionLifetime(JdbcClient db) {
		this.db = db;
	}

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
				session.setMaxInactiveInterval((int) idleLimit(event.getAuthentication(), clientOnly).toSeconds());
			}
		}
	}

	/** The organization's setting; the defaults when the organization cannot be read (a limit is never lifted). */
	private Duration idleLimit(Authentication authentication, boolean clientOnly) {
		Duration fallback = clientOnly ? CLIENT_IDLE : STAFF_IDLE;
		if (!(authentication.getPrincipal() instanceof SignInAccount account)) {
			return fallback;
		}
		return Tenancy.within(account.org(), () -> db
			.sql("SELECT " + (clientOnly ? "client_idle_minutes" : "staff_idle_minutes")
					+ " FROM identity.organization WHERE id = ?")
			.param(account.org().value())
			.query(Integer.class)
			.optional())
			.map(Duration::ofMinutes)
			.orElse(fallback);
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
