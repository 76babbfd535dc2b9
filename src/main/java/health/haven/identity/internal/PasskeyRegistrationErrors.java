package health.haven.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A passkey registration that does not verify (a forged or malformed attestation) is the caller's error: Spring's
 * registration filter lets webauthn4j's verification exception escape as a server error, so this answers 400 with a
 * problem document instead. Nothing is stored either way.
 */
class PasskeyRegistrationErrors extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(PasskeyRegistrationErrors.class);

	static final String PATH = "/webauthn/register";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod())
				&& (request.getContextPath() + PATH).equals(request.getRequestURI()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			log.info("A passkey registration was refused: {}", ex.getClass().getSimpleName());
			response.reset();
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getWriter()
				.write("{\"type\":\"urn:haven:problem:IDENTITY_PASSKEY_REJECTED\",\"title\":\"Bad Request\","
						+ "\"status\":400,\"detail\":\"The passkey could not be verified; nothing was stored.\","
						+ "\"code\":\"IDENTITY_PASSKEY_REJECTED\"}");
		}
	}

}
