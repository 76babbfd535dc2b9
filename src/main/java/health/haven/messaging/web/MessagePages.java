package health.haven.messaging.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.messaging.Messages;
import health.haven.messaging.NewThread;
import health.haven.messaging.ThreadSummary;
import health.haven.messaging.ThreadView;
import health.haven.messaging.internal.AttachmentTypes;
import health.haven.messaging.internal.Participants;
import health.haven.records.ClientSummary;
import health.haven.records.Clients;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The messages pages: {@code /messages} (threads with unread counts, and a form to write to the care team or, for
 * staff, about a client) and {@code /messages/{thread}} (the conversation, marked read when shown, and a reply form).
 * Both show that messages are not monitored around the clock, with the 988 crisis line. A refused message shows the
 * page again with the reason and stores nothing; "not found" and "forbidden" become the friendly error page.
 */
@Controller
class MessagePages {

	private static final Set<Kind> SHOWN_ON_THE_PAGE = Set.of(Kind.BAD_REQUEST, Kind.CONFLICT,
			Kind.PAYLOAD_TOO_LARGE, Kind.UNSUPPORTED_MEDIA_TYPE);

	private final Messages messages;

	private final Participants participants;

	private final Clients clients;

	MessagePages(Messages messages, Participants participants, Clients clients) {
		this.messages = messages;
		this.participants = participants;
		this.clients = clients;
	}

	@GetMapping("/messages")
	String list(Model model) {
		return listPage(CurrentActor.require(), model);
	}

	@PostMapping("/messages")
	String start(@RequestParam(defaultValue = "") String client, @RequestParam(defaultValue = "") String kind,
			@RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String body,
			@RequestParam(required = false) MultipartFile file, Model model, HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		try {
			return "redirect:/messages/" + messages.start(actor,
					new NewThread(client, kind, subject, body, MessagesApi.attachment(file))) + "?sent";
		}
		catch (HavenException ex) {
			return again(ex, response, () -> listPage(actor, model.addAttribute("error", ex.explanation())
				.addAttribute("enteredSubject", subject)
				.addAttribute("enteredBody", body)));
		}
	}

	@GetMapping("/messages/{thread}")
	String thread(@PathVariable String thread, @RequestParam(required = false) String before, Model model) {
		Actor actor = CurrentActor.require();
		ThreadView view = messages.thread(actor, thread, MessagesApi.position(before));
		if (view.newest()) {
			// An earlier page alone does not show what is new.
			messages.markRead(actor, thread);
		}
		return threadPage(actor, view, model);
	}

	@PostMapping("/messages/{thread}")
	String reply(@PathVariable String thread, @RequestParam(defaultValue = "") String body,
			@RequestParam(required = false) MultipartFile file, Model model, HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		try {
			messages.reply(actor, thread, body, MessagesApi.attachment(file));
			return "redirect:/messages/" + thread + "?sent#latest";
		}
		catch (HavenException ex) {
			if (!SHOWN_ON_THE_PAGE.contains(ex.kind())) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			return threadPage(actor, messages.thread(actor, thread),
					model.addAttribute("error", ex.explanation()).addAttribute("enteredBody", body));
		}
	}

	private String listPage(Actor actor, Model model) {
		List<ThreadSummary> threads = messages.threadsFor(actor);
		boolean staff = !participants.actsAsClient(actor);
		model.addAttribute("threads", threads);
		model.addAttribute("staff", staff);
		model.addAttribute("unread", threads.stream().mapToInt(ThreadSummary::unread).sum());
		model.addAttribute("maxAttachmentMb", AttachmentTypes.MAX_BYTES / (1024 * 1024));
		if (staff) {
			List<ClientSummary> inCare = clients.visibleTo(actor, Purpose.TREATMENT);
			Map<ClientId, String> names = new HashMap<>();
			inCare.forEach(client -> names.put(client.id(), client.name()));
			model.addAttribute("clientsInCare", inCare);
			model.addAttribute("clientNames", names);
		}
		if (!model.containsAttribute("enteredSubject")) {
			model.addAttribute("enteredSubject", "");
			model.addAttribute("enteredBody", "");
		}
		return "messages";
	}

	private String threadPage(Actor actor, ThreadView view, Model model) {
		model.addAttribute("thread", view);
		model.addAttribute("staff", !participants.actsAsClient(actor));
		model.addAttribute("maxAttachmentMb", AttachmentTypes.MAX_BYTES / (1024 * 1024));
		if (!participants.actsAsClient(actor)) {
			model.addAttribute("clientName",
					clients.find(actor, view.client(), participants.purpose(actor)).name());
		}
		if (!model.containsAttribute("enteredBody")) {
			model.addAttribute("enteredBody", "");
		}
		return "message-thread";
	}

	private static String again(HavenException ex, HttpServletResponse response, Supplier<String> page) {
		if (!SHOWN_ON_THE_PAGE.contains(ex.kind())) {
			throw ex;
		}
		response.setStatus(ex.kind().status());
		return page.get();
	}

}
