package health.haven.identity.web;

import health.haven.shared.HavenException;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/** The friendly error page for a refused request, with the refusal's own explanation (fixed text, never data). */
final class Pages {

	private Pages() {
	}

	static ModelAndView refused(HavenException ex) {
		HttpStatus status = HttpStatus.valueOf(ex.kind().status());
		ModelAndView page = new ModelAndView("error");
		page.setStatus(status);
		page.addObject("status", status.value());
		page.addObject("title", switch (status) {
			case NOT_FOUND -> "We could not find that";
			case FORBIDDEN, UNAUTHORIZED -> "You cannot do this";
			default -> "That did not work";
		});
		page.addObject("message", status.is5xxServerError() ? "Haven could not complete this; nothing was changed."
				: capitalized(ex.explanation()) + ". Nothing was changed.");
		return page;
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
