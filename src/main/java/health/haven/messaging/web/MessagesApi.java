package health.haven.messaging.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.messaging.AttachmentFile;
import health.haven.messaging.Inbox;
import health.haven.messaging.MessageAttachment;
import health.haven.messaging.MessageView;
import health.haven.messaging.Messages;
import health.haven.messaging.NewAttachment;
import health.haven.messaging.NewThread;
import health.haven.messaging.ThreadSummary;
import health.haven.messaging.ThreadView;
import health.haven.messaging.internal.AttachmentTypes;
import health.haven.shared.HavenException;
import health.haven.shared.web.ProblemDetailsAdvice;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;

/**
 * Secure messages over JSON: the thread list with unread counts, starting and answering threads (JSON, or
 * multipart/form-data with one attachment), reading one, marking it read, an attachment's download, and the unread
 * count. Who may see what is decided by {@link Messages}; ids in paths are random, never PHI.
 */
@RestController
@RequestMapping("/api/v1/messages")
class MessagesApi {

	private final Messages messages;

	private final Inbox inbox;

	MessagesApi(Messages messages, Inbox inbox) {
		this.messages = messages;
		this.inbox = inbox;
	}

	@Operation(summary = "The threads the caller may see, newest first, with unread counts")
	@GetMapping("/threads")
	List<ThreadJson> threads() {
		return messages.threadsFor(CurrentActor.require()).stream().map(ThreadJson::of).toList();
	}

	@Operation(summary = "Starts a thread: a client's is with their care team; staff give client and kind "
			+ "(CLIENT_TEAM or STAFF)")
	@PostMapping(path = "/threads", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> start(@RequestBody StartJson body) {
		return Map.of("id", messages.start(CurrentActor.require(),
				new NewThread(body.client(), body.kind(), body.subject(), body.body(), null)).toString());
	}

	@Operation(summary = "Starts a thread with one attachment (PDF, PNG or JPEG, at most 5 MB) as multipart/form-data")
	@PostMapping(path = "/threads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> startWithFile(@RequestParam(required = false) String client,
			@RequestParam(required = false) String kind, @RequestParam(required = false) String subject,
			@RequestParam(required = false) String body, @RequestParam(required = false) MultipartFile file) {
		return Map.of("id", messages.start(CurrentActor.require(),
				new NewThread(client, kind, subject, body, attachment(file))).toString());
	}

	@Operation(summary = "One thread with its newest messages, or with those before the position 'before' (the "
			+ "'earlierPage' of the page after); reading does not mark it read")
	@GetMapping("/threads/{thread}")
	ThreadViewJson thread(@PathVariable String thread, @RequestParam(required = false) String before) {
		return ThreadViewJson.of(messages.thread(CurrentActor.require(), thread, position(before)));
	}

	/** The {@code before} parameter of a thread's page: absent, or a message's position. */
	static Long position(String before) {
		if (before == null || before.isBlank()) {
			return null;
		}
		try {
			return Long.valueOf(before.strip());
		}
		catch (NumberFormatException ex) {
			throw Messages.unknownPage();
		}
	}

	@Operation(summary = "Answers a thread")
	@PostMapping(path = "/threads/{thread}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> reply(@PathVariable String thread, @RequestBody ReplyJson body) {
		return Map.of("id", messages.reply(CurrentActor.require(), thread, body.body(), null).toString());
	}

	@Operation(summary = "Answers a thread with one attachment (PDF, PNG or JPEG, at most 5 MB) as multipart/form-data; "
			+ "anything else is refused and nothing is stored")
	@PostMapping(path = "/threads/{thread}/messages", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> replyWithFile(@PathVariable String thread, @RequestParam(required = false) String body,
			@RequestParam(required = false) MultipartFile file) {
		return Map.of("id", messages.reply(CurrentActor.require(), thread, body, attachment(file)).toString());
	}

	@Operation(summary = "Marks everything in the thread so far as read by the caller")
	@PostMapping("/threads/{thread}/read")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void read(@PathVariable String thread) {
		messages.markRead(CurrentActor.require(), thread);
	}

	@Operation(summary = "Downloads one attachment, with the type sniffed when it was sent")
	@GetMapping("/threads/{thread}/attachments/{attachment}")
	ResponseEntity<byte[]> attachment(@PathVariable String thread, @PathVariable String attachment) {
		return download(messages.attachment(CurrentActor.require(), thread, attachment));
	}

	@Operation(summary = "How many messages the caller has not read")
	@GetMapping("/unread")
	Map<String, Integer> unread() {
		return Map.of("unread", inbox.unreadFor(CurrentActor.require()));
	}

	/** Multipart is resolved lazily, so an upload over the servlet's limit fails here and gets a clear 413. */
	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException ex) {
		HavenException refused = AttachmentTypes.tooLarge();
		return ProblemDetailsAdvice.problem(HttpStatus.PAYLOAD_TOO_LARGE, refused.code(), refused.explanation());
	}

	/**
	 * The stored type, never shown inline in Haven's origin, never cached; the file name carries the id, not the
	 * name it was sent with, which may name the client.
	 */
	static ResponseEntity<byte[]> download(AttachmentFile file) {
		String extension = switch (file.contentType()) {
			case "application/pdf" -> ".pdf";
			case "image/png" -> ".png";
			default -> ".jpg";
		};
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("attachment-" + file.id() + extension).build().toString())
			.header("X-Content-Type-Options", "nosniff")
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(file.content());
	}

	static NewAttachment attachment(MultipartFile file) {
		if (file == null || file.isEmpty()) {
			return null;
		}
		try {
			return new NewAttachment(file.getOriginalFilename(), file.getBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record StartJson(String client, String kind, String subject, String body) {

		@Override
		public String toString() {
			return "StartJson[redacted]";
		}

	}

	record ReplyJson(String body) {

		@Override
		public String toString() {
			return "ReplyJson[redacted]";
		}

	}

	record ThreadJson(String id, String kind, String client, String subject, Instant lastMessageAt, int messages,
			int unread) {

		static ThreadJson of(ThreadSummary thread) {
			return new ThreadJson(thread.id().toString(), thread.kind().name(), thread.client().toString(),
					thread.subject(), thread.lastMessageAt(), thread.messages(), thread.unread());
		}

		@Override
		public String toString() {
			return "ThreadJson[" + id + "]";
		}

	}

	record MessageJson(String id, String author, boolean fromClient, boolean mine, boolean unread, String body,
			Instant sentAt, AttachmentJson attachment) {

		static MessageJson of(MessageView message) {
			MessageAttachment attached = message.attachment();
			return new MessageJson(message.id().toString(), message.authorName(), message.fromClient(), message.mine(),
					message.unread(), message.body(), message.sentAt(), attached == null ? null
							: new AttachmentJson(attached.id().toString(), attached.fileName(), attached.contentType(),
									attached.sizeBytes()));
		}

		@Override
		public String toString() {
			return "MessageJson[" + id + "]";
		}

	}

	record AttachmentJson(String id, String fileName, String contentType, int sizeBytes) {

		@Override
		public String toString() {
			return "AttachmentJson[" + id + "]";
		}

	}

	record ThreadViewJson(String id, String kind, String client, String subject, boolean readOnly, int earlier,
			Long earlierPage, boolean newest, List<MessageJson> messages) {

		static ThreadViewJson of(ThreadView thread) {
			return new ThreadViewJson(thread.id().toString(), thread.kind().name(), thread.client().toString(),
					thread.subject(), thread.readOnly(), thread.earlier(), thread.earlierPage(), thread.newest(),
					thread.messages().stream().map(MessageJson::of).toList());
		}

		@Override
		public String toString() {
			return "ThreadViewJson[" + id + "]";
		}

	}

}
