package health.haven.identity.internal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.HttpMessageConverterAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Where a passkey sign-in goes, as {@link SignInLanding} decides for the password and code: the page asked for first,
 * else a client's portal home, else the home page. Spring's WebAuthn filter answers the sign-in page's script with
 * JSON naming the page to go to ({@code redirectUrl}), the saved request or {@code /}; this names the portal for a
 * client when nothing was asked for first and leaves everything else to Spring's handler.
 */
final class PasskeyLanding implements AuthenticationSuccessHandler {

	private final RequestCache requests = new HttpSessionRequestCache();

	private final AuthenticationSuccessHandler spring = new HttpMessageConverterAuthenticationSuccessHandler();

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		if (requests.getRequest(request, response) != null || !SignInLanding.clientOnly(authentication)) {
			spring.onAuthenticationSuccess(request, response, authentication);
			return;
		}
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter()
			.write("{\"redirectUrl\":\"" + request.getContextPath() + SignInLanding.CLIENT_HOME
					+ "\",\"authenticated\":true}");
	}

}
