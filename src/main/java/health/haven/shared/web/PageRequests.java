package health.haven.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Whether a request renders a page. Model attributes that every page shows (alerts, notices) are read from the
 * database; a JSON API call renders no page, so it should not pay for them (a {@code @ControllerAdvice} applies to
 * {@code @RestController}s too).
 */
public final class PageRequests {

	private PageRequests() {
	}

	/** False for a handler that writes its result as the response body (JSON APIs, downloads). */
	public static boolean rendersPage(HttpServletRequest request) {
		Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		return !AnnotatedElementUtils.hasAnnotation(method.getBeanType(), ResponseBody.class)
				&& !method.hasMethodAnnotation(ResponseBody.class);
	}

}
