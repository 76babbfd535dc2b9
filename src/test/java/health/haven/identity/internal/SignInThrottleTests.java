package health.haven.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

@Covers("ADM-TR-01")
class SignInThrottleTests {

	final MutableClock clock = new MutableClock();

	final SignInThrottle throttle = new SignInThrottle(3, clock);

	@Test
	void anAddressWithTooManyFailuresGets429UntilTheWindowMovesOn() throws Exception {
		for (int i = 0; i < 3; i++) {
			throttle.failed(failureFrom("203.0.113.7"));
		}
		assertThat(post("203.0.113.7").getStatus()).isEqualTo(429);
		assertThat(post("198.51.100.1").getStatus()).as("other addresses are not affected").isEqualTo(200);
		clock.advance(SignInThrottle.WINDOW.plusSeconds(1));
		assertThat(post("203.0.113.7").getStatus()).isEqualTo(200);
	}

	@Test
	void fewerFailuresThanTheLimitPass() throws Exception {
		throttle.failed(failureFrom("203.0.113.8"));
		throttle.failed(failureFrom("203.0.113.8"));
		assertThat(post("203.0.113.8").getStatus()).isEqualTo(200);
	}

	@Test
	void onlySignInPostsAreThrottled() throws Exception {
		for (int i = 0; i < 3; i++) {
			throttle.failed(failureFrom("203.0.113.9"));
		}
		MockHttpServletRequest page = new MockHttpServletRequest("GET", "/login");
		page.setServletPath("/login");
		page.setRemoteAddr("203.0.113.9");
		MockHttpServletResponse response = new MockHttpServletResponse();
		throttle.doFilter(page, response, (req, res) -> ((MockHttpServletResponse) res).setStatus(200));
		assertThat(response.getStatus()).isEqualTo(200);
	}

	private MockHttpServletResponse post(String address) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
		request.setServletPath("/login");
		request.setRemoteAddr(address);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicBoolean passed = new AtomicBoolean();
		throttle.doFilter(request, response, (req, res) -> passed.set(true));
		if (passed.get()) {
			response.setStatus(200);
		}
		return response;
	}

	private static AuthenticationFailureBadCredentialsEvent failureFrom(String address) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(address);
		UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated("x", "y");
		attempt.setDetails(new WebAuthenticationDetails(request));
		return new AuthenticationFailureBadCredentialsEvent(attempt, new BadCredentialsException("bad"));
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-11-29T08:00:00Z");

		void advance(Duration by) {
			now = now.plus(by);
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
