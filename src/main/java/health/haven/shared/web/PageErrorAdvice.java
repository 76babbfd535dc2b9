package health.haven.shared.web;

import health.haven.shared.HavenException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A {@link HavenException} thrown by a page (not the API) becomes the friendly error page of its status: "not found"
 * for a client outside one's care, "forbidden" for a staff page opened by a client. The API's problem documents come
 * from {@link ProblemDetailsAdvice}, which is consulted first.
 */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
@Order(100)
class PageErrorAdvice {

	@ExceptionHandler(HavenException.class)
	void page(HavenException ex, HttpServletResponse response) throws IOException {
		response.sendError(ex.kind().status());
	}

}
