package health.haven.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A per-address throttle on sign-in (ADM-TR-01): after {@code haven.sign-in.throttle.failures} (default 50) failed
 * sign-ins from one address within {@link #WINDOW}, further sign-in posts from it are answered 429 until the window
 * has moved on. The default leaves room for a clinic whose staff share one public address. It protects against
 * password spraying across many accounts, which the per-account lockout cannot see. The answer says nothing about
 * any account.
 *
 * <p>Kept in memory per node: a deployment of several nodes lets an address try that many times per node.
 */
@Component
class SignInThrottle extends OncePerRequestFilter {

	static final Duration WINDOW = Duration.ofMinutes(5);

	private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

	private final int limit;

	private final Clock clock;

	@Autowired
	SignInThrottle(@Value("${haven.sign-in.throttle.failures:50}") int limit) {
		this(limit, Clock.systemUTC());
	}

	SignInThrottle(int limit, Clock clock) {
		this.limit = limit;
		this.clock = clock;
	}

	@EventListener
	void failed(AbstractAuthenticationFailureEvent event) {
		if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
				&& details.getRemoteAddress() != null) {
			Deque<Instant> times = failures.computeIfAbsent(details.getRemoteAddress(), key -> new ArrayDeque<>());
			synchronized (times) {
				times.addLast(clock.instant());
				prune(times);
			}
		}
		if (failures.size() > 10_000) {
			failures.entrySet().removeIf(entry -> {
				synchronized (entry.getValue()) {
					prune(entry.getValue());
					return entry.getValue().isEmpty();
				}
			});
		}
	}

	boolean throttled(String address) {
		Deque<Instant> times = failures.get(address);
		if (times == null) {
			return false;
		}
		synchronized (times) {
			prune(times);
			return times.size() >= limit;
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (throttled(request.getRemoteAddr())) {
			response.setStatus(429);
			response.setHeader("Retry-After", String.valueOf(WINDOW.toSeconds()));
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().write("Too many sign-in attempts from your network. Please wait a few minutes.");
			return;
		}
		chain.doFilter(request, response);
	}

	private void prune(Deque<Instant> times) {
		Instant oldest = clock.instant().minus(WINDOW);
		while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
			times.removeFirst();
		}
	}

}
