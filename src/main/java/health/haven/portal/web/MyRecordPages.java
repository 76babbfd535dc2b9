package health.haven.portal.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.AccessRequest;
import health.haven.records.AccessRequests;
import health.haven.records.AmendmentRequest;
import health.haven.records.Amendments;
import health.haven.records.RecordCopies;
import health.haven.records.RecordFile;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The client's rights over their own record: "Download my record" (PDF and FHIR) with their requests for a copy and
 * the 30-day clock, and amendment requests (ask for a correction, see the outcome). Always the signed-in client's own
 * record ({@link PortalSelf}); an amendment id that is not theirs is "not found", audited.
 */
@Controller
class MyRecordPages {

	private final RecordCopies copies;

	private final AccessRequests requests;

	private final Amendments amendments;

	private final PortalSelf portal;

	MyRecordPages(RecordCopies copies, AccessRequests requests, Amendments amendments, PortalSelf portal) {
		this.copies = copies;
		this.requests = requests;
		this.amendments = amendments;
		this.portal = portal;
	}

	@GetMapping("/portal/my-record")
	String myRecord(Model model) {
		Actor actor = CurrentActor.require();
		show(actor, portal.self(actor), model);
		return "portal-my-record";
	}

	@GetMapping("/portal/my-record/record.pdf")
	ResponseEntity<byte[]> pdf() {
		Actor actor = CurrentActor.require();
		return download(copies.pdf(actor, portal.self(actor)));
	}

	@GetMapping("/portal/my-record/record.fhir.json")
	ResponseEntity<byte[]> fhir() {
		Actor actor = CurrentActor.require();
		return download(copies.fhir(actor, portal.self(actor)));
	}

	@PostMapping("/portal/my-record/requests")
	String request(@RequestParam(defaultValue = "") String details, Model model, HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		ClientId self = portal.self(actor);
		try {
			requests.request(actor, self, details);
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(400);
			model.addAttribute("error", ex.explanation());
			show(actor, self, model);
			return "portal-my-record";
		}
		return "redirect:/portal/my-record?requested";
	}

	@GetMapping("/portal/amendments")
	String amendments(Model model) {
		Actor actor = CurrentActor.require();
		showAmendments(actor, portal.self(actor), model);
		return "portal-amendments";
	}

	@PostMapping("/portal/amendments")
	String requestAmendment(@RequestParam(defaultValue = "") String what, @RequestParam(defaultValue = "") String why,
			Model model, HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		ClientId self = portal.self(actor);
		try {
			amendments.request(actor, self, what, why);
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(400);
			model.addAttribute("error", ex.explanation());
			model.addAttribute("what", what);
			model.addAttribute("why", why);
			showAmendments(actor, self, model);
			return "portal-amendments";
		}
		return "redirect:/portal/amendments?requested";
	}

	@GetMapping("/portal/amendments/{amendment}")
	String amendment(@PathVariable String amendment, Model model) {
		Actor actor = CurrentActor.require();
		AmendmentRequest request = amendments.find(actor, portal.self(actor), amendment, Purpose.PATIENT_REQUEST);
		model.addAttribute("amendment", AmendmentLine.of(request, Instant.now()));
		return "portal-amendment";
	}

	private void show(Actor actor, ClientId self, Model model) {
		Instant now = Instant.now();
		model.addAttribute("requests", requests.ofClient(actor, self, Purpose.PATIENT_REQUEST)
			.stream()
			.map(request -> RequestLine.of(request, now))
			.toList());
	}

	private void showAmendments(Actor actor, ClientId self, Model model) {
		Instant now = Instant.now();
		model.addAttribute("amendments", amendments.ofClient(actor, self, Purpose.PATIENT_REQUEST)
			.stream()
			.map(request -> AmendmentLine.of(request, now))
			.toList());
	}

	/** The file as an attachment under a fixed name, never cached: it is the client's whole record. */
	private static ResponseEntity<byte[]> download(RecordFile file) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(file.fileName()).build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(file.content());
	}

	record RequestLine(String requested, String due, String how, String status, String details, String note) {

		static RequestLine of(AccessRequest request, Instant now) {
			String how = request.channel().equals("PORTAL_DOWNLOAD") ? "Download (" + request.format() + ")"
					: "Asked the care team";
			String status = request.fulfilled() ? "Fulfilled " + PortalSelf.day(request.fulfilledAt())
					: "Open: due " + PortalSelf.day(request.dueAt()) + " (" + Math.max(0, request.daysLeftAt(now))
							+ " days left)";
			return new RequestLine(PortalSelf.time(request.requestedAt()), PortalSelf.day(request.dueAt()), how,
					status, request.details(), request.fulfilmentNote());
		}

	}

	record AmendmentLine(String id, String requested, String due, String what, String why, String outcome,
			String reason) {

		static AmendmentLine of(AmendmentRequest request, Instant now) {
			String outcome = switch (request.status()) {
				case "ACCEPTED" -> "Accepted " + PortalSelf.day(request.decidedAt());
				case "DENIED" -> "Denied " + PortalSelf.day(request.decidedAt());
				default -> "Waiting for your care team: an answer is due by " + PortalSelf.day(request.dueAt());
			};
			return new AmendmentLine(request.id().toString(), PortalSelf.time(request.requestedAt()),
					PortalSelf.day(request.dueAt()), request.what(), request.why(), outcome, request.decisionReason());
		}

	}

}
