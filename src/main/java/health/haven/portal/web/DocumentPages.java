package health.haven.portal.web;

import health.haven.consent.ClientConsents;
import health.haven.records.DocumentFile;
import health.haven.records.Documents;
import health.haven.shared.Purpose;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The documents staff shared with the client: listed, and downloaded (each download decided and audited before the
 * bytes leave). A document not shared, or not theirs, is "not found".
 */
@Controller
class DocumentPages {

	private final ClientConsents consents;

	private final Documents documents;

	DocumentPages(ClientConsents consents, Documents documents) {
		this.consents = consents;
		this.documents = documents;
	}

	@GetMapping("/portal/documents")
	String list(Model model) {
		PortalClient client = PortalClient.current(consents);
		model.addAttribute("documents", documents.of(client.actor(), client.client(), Purpose.PATIENT_REQUEST));
		return "portal-documents";
	}

	/**
	 * Always a download with the type stored at upload (never shown inline in Haven's origin, never guessed), never
	 * cached; the file name carries the id, not the title (which may name the client).
	 */
	@GetMapping("/portal/documents/{document}")
	ResponseEntity<byte[]> download(@PathVariable String document) {
		PortalClient client = PortalClient.current(consents);
		DocumentFile file = documents.download(client.actor(), client.client(), document, Purpose.PATIENT_REQUEST);
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

}
