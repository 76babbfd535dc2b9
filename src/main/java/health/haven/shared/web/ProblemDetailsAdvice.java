package health.haven.shared.web;

import health.haven.shared.HavenException;
import health.haven.shared.Redaction;
import java.net.URI;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Maps failures of the JSON API to RFC 9457 problem details with a stable {@code code}, once for every module.
 * Responses never carry an exception's own message or a stack trace; unexpected failures get a reference an operator
 * can find in the log, where the exception is logged with its messages scrubbed.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@org.springframework.core.annotation.Order(0)
public class ProblemDetailsAdvice {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	public static final String TYPE_PREFIX = "urn:haven:problem:";

	@ExceptionHandler(HavenException.class)
	ResponseEntity<ProblemDetail> haven(HavenException ex) {
		if (ex.kind() == HavenException.Kind.INTERNAL) {
			return internal(ex);
		}
		return problem(HttpStatus.valueOf(ex.kind().status()), ex.code(), ex.explanation());
	}

	@ExceptionHandler({ MethodArgumentNotValidException.class, MethodArgumentTypeMismatchException.class,
			HttpMessageNotReadableException.class, MissingServletRequestParameterException.class })
	ResponseEntity<ProblemDetail> badRequest(Exception ex) {
		return problem(HttpStatus.BAD_REQUEST, "HAVEN_BAD_REQUEST", "The request is malformed or incomplete.");
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException ex) {
		return problem(HttpStatus.METHOD_NOT_ALLOWED, "HAVEN_METHOD_NOT_ALLOWED",
				"This address does not accept that kind of request.");
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
		return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "HAVEN_UNSUPPORTED_MEDIA_TYPE",
				"The request body is not in a format this address accepts.");
	}

	/** The caller accepts no format this address produces: a body could not be read by it either. */
	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<Void> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).build();
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> internal(Exception ex) {
		String reference = UUID.randomUUID().toString();
		log.error("Unexpected failure, reference {}", reference, Redaction.scrub(ex));
		ResponseEntity<ProblemDetail> response = problem(HttpStatus.INTERNAL_SERVER_ERROR, "HAVEN_INTERNAL",
				"Something went wrong on our side. Quote reference " + reference + " to support.");
		response.getBody().setProperty("reference", reference);
		return response;
	}

	public static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(URI.create(TYPE_PREFIX + code));
		body.setTitle(status.getReasonPhrase());
		body.setProperty("code", code);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

}
