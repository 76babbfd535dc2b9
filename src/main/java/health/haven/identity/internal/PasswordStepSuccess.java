package health.haven.identity.internal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * After the password step: remember whose password it was (see {@link SignInRules}), then go on to the second step
 * when one is needed, or to the page the person first asked for.
 */
class PasswordStepSuccess implements AuthenticationSuccessHandler {

	private final SavedRequestAwareAuthenticationSuccessHandler done = new SignInLanding();

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		request.getSession().setAttribute(SignInRules.PASSWORD_PRINCIPAL, authentication.getName());
		if (SecondFactor.required(authentication)) {
			response.sendRedirect(request.getContextPath() + TotpSignIn.PATH);
			return;
		}
		done.onAuthenticationSuccess(request, response, authentication);
	}

}
