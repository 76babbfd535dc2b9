package health.haven.shared.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Whatever reaches the container's error page (no handler, a failure outside a controller): problem details for
 * {@code /api/**}, one friendly page for people. Never the exception, never its message.
 */
@Controller
public class HavenErrorController implements ErrorController {

	@RequestMapping("/error")
	Object error(HttpServletRequest request, Model model) {
		HttpStatus status = statusOf(request);
		String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
		if (path.startsWith(request.getContextPath() + "/api/")) {
			String code = switch (status) {
				case NOT_FOUND -> "HAVEN_NOT_FOUND";
				case METHOD_NOT_ALLOWED -> "HAVEN_METHOD_NOT_ALLOWED";
				case UNAUTHORIZED -> "HAVEN_UNAUTHENTICATED";
				case FORBIDDEN -> "HAVEN_FORBIDDEN";
				case BAD_REQUEST -> "HAVEN_BAD_REQUEST";
				default -> status.is4xxClientError() ? "HAVEN_CLIENT_ERROR" : "HAVEN_INTERNAL";
			};
			ResponseEntity<ProblemDetail> problem = ProblemDetailsAdvice.problem(status, code, friendly(status));
			return problem;
		}
		ModelAndView page = new ModelAndView("error");
		page.setStatus(status);
		page.addObject("status", status.value());
		page.addObject("title", title(status));
		page.addObject("message", friendly(status));
		return page;
	}

	private static HttpStatus statusOf(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code == null) {
			return HttpStatus.NOT_FOUND; // opened directly, not reached through a failure
		}
		HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
		return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
	}

	private static String title(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> "We could not find that page";
			case FORBIDDEN, UNAUTHORIZED -> "You cannot open this page";
			default -> status.is4xxClientError() ? "That request did not work" : "Something went wrong";
		};
	}

	private static String friendly(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> "The page or record does not exist, or you do not have access to it.";
			case FORBIDDEN, UNAUTHORIZED -> "Sign in with an account that has access, or ask your administrator.";
			case METHOD_NOT_ALLOWED -> "This address does not accept that kind of request.";
			default -> status.is4xxClientError() ? "Please check what you sent and try again."
					: "Haven could not complete this. Nothing was changed; please try again in a moment.";
		};
	}

}
