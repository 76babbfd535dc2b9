package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.DocumentFile;
import health.haven.records.DocumentSummary;
import health.haven.records.Documents;
import health.haven.records.internal.DocumentTypes;
import health.haven.shared.HavenException;
import health.haven.shared.web.ProblemDetailsAdvice;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;

/** Documents on a client's chart over HTTP: a multipart upload, the list, and a download of one. */
@RestController
@RequestMapping("/api/v1/clients/{id}/documents")
class DocumentsApi {

	private final Documents documents;

	private final AccessDecisions decisions;

	DocumentsApi(Documents documents, AccessDecisions decisions) {
		this.documents = documents;
		this.decisions = decisions;
	}

	@Operation(summary = "Uploads a PDF, PNG or JPEG (at most 10 MB) as multipart/form-data: file, title, kind, "
			+ "category; the type is judged from the bytes, anything else is refused and nothing is stored")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> upload(@PathVariable String id, @RequestParam(required = false) MultipartFile file,
			@RequestParam(required = false) String title, @RequestParam(required = false) String kind,
			@RequestParam(required = false) String category) {
		return Map.of("id", documents
			.upload(CurrentActor.require(), ChartRequests.clientId(id), title, kind, category, bytes(file))
			.toString());
	}

	@Operation(summary = "The client's documents, newest first, without their content")
	@GetMapping
	List<DocumentSummary> list(@PathVariable String id, @RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		return documents.of(actor, ChartRequests.clientId(id), ChartRequests.purpose(decisions, actor, purpose));
	}

	@Operation(summary = "Downloads one document as an attachment, with the type sniffed at upload")
	@GetMapping("/{document}")
	ResponseEntity<byte[]> download(@PathVariable String id, @PathVariable String document,
			@RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		DocumentFile file = documents.download(actor, ChartRequests.clientId(id), document,
				ChartRequests.purpose(decisions, actor, purpose));
		return attachment(file);
	}

	/**
	 * Multipart is resolved lazily (application.yml), so an oversized upload fails here, inside the API, and gets a
	 * clear 413 problem rather than the generic error.
	 */
	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException ex) {
		HavenException refused = DocumentTypes.tooLarge();
		return ProblemDetailsAdvice.problem(HttpStatus.PAYLOAD_TOO_LARGE, refused.code(), refused.explanation());
	}

	/**
	 * The stored type, never one guessed by the browser (nosniff); always a download, never shown inline in Haven's
	 * origin; never kept in a cache. The file name carries the id, not the title, which may name the client.
	 */
	static ResponseEntity<byte[]> attachment(DocumentFile file) {
		String extension = switch (file.contentType()) {
			case "application/pdf" -> ".pdf";
			case "image/png" -> ".png";
			default -> ".jpg";
		};
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("document-" + file.id() + extension).build().toString())
			.header("X-Content-Type-Options", "nosniff")
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(file.content());
	}

	static byte[] bytes(MultipartFile file) {
		if (file == null || file.isEmpty()) {
			return null;
		}
		try {
			return file.getBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
