package health.haven.messaging;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecision;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.messaging.internal.AttachmentTypes;
import health.haven.messaging.internal.MessageStore;
import health.haven.messaging.internal.MessageStore.AttachmentRow;
import health.haven.messaging.internal.MessageStore.MessageRow;
import health.haven.messaging.internal.MessageStore.ThreadRow;
import health.haven.messaging.internal.Notifications;
import health.haven.messaging.internal.Participants;
import health.haven.records.Discharges;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Secure messages: threads about one client, addressed to the client's care team rather than to a person (whoever is
 * on the team when a message arrives may read and answer it), between the client and the team or among staff.
 *
 * <p>Every public method decides through {@link AccessDecisions} (general clinical data; treatment for staff, the
 * client's own request for a client): a read is audited before anything is opened, a send in the transaction that
 * writes it. A thread the asker may not see, does not exist, or (for a client) is among staff is "not found",
 * audited as a denial. Subjects, bodies and attachments are sealed under the client's key, bound to their row.
 * A discharged client's threads stay readable and can no longer be answered (ADR 0013).
 */
@Service
public class Messages {

	/** The most messages a thread shows at once (the newest). */
	public static final int PAGE = 100;

	public static final int MAX_SUBJECT = 120;

	public static final int MAX_BODY = 10_000;

	private final MessageStore store;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final Participants participants;

	private final CareTeams careTeams;

	private final Accounts accounts;

	private final Discharges discharges;

	private final Notifications notifications;

	private final ApplicationEventPublisher events;

	Messages(MessageStore store, TenantWork work, FieldCipher cipher, AccessDecisions decisions,
			Participants participants, CareTeams careTeams, Accounts accounts, Discharges discharges,
			Notifications notifications, ApplicationEventPublisher events) {
		this.store = store;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.participants = participants;
		this.careTeams = careTeams;
		this.accounts = accounts;
		this.discharges = discharges;
		this.notifications = notifications;
		this.events = events;
	}

	/**
	 * The threads the actor may see, newest first, with unread counts: a client's own threads with their team; for
	 * staff, every thread about the clients in their care. Each client whose threads are listed is decided and
	 * audited once before any subject is opened.
	 */
	public List<ThreadSummary> threadsFor(Actor actor) {
		participants.requireParticipant(actor);
		Purpose purpose = participants.purpose(actor);
		boolean clientView = participants.actsAsClient(actor);
		Set<ClientId> inView = participants.clientsInView(actor);
		if (inView.isEmpty()) {
			return List.of();
		}
		List<ThreadRow> rows = work.reading(actor.org(), () -> store.threads(inView, clientView, actor.user()));
		Set<ClientId> permitted = new HashSet<>();
		List<ThreadSummary> visible = new ArrayList<>();
		for (ThreadRow row : rows) {
			if (!permitted.contains(row.client())) {
				if (!decisions.decide(actor, actor.org(), row.client(), DataCategory.GENERAL, purpose).permitted()) {
					continue;
				}
				decisions.enforce(actor, actor.org(), row.client(), DataCategory.GENERAL, purpose, AuditAction.READ,
						"message_threads", row.client().toString());
				permitted.add(row.client());
			}
			visible.add(new ThreadSummary(row.id(), row.kind(), row.client(),
					cipher.openText(key(actor, row.client()), field(MessageStore.THREAD, "subject", row.id()),
							row.subject()),
					row.lastMessageAt(), row.messages(), row.unread()));
		}
		return visible;
	}

	/**
	 * Starts a thread with its first message. A client's thread is with their own care team; staff name a client in
	 * their care and whether the client takes part ({@code CLIENT_TEAM}) or not ({@code STAFF}).
	 *
	 * @return the new thread's id
	 */
	public UUID start(Actor actor, NewThread thread) {
		participants.requireParticipant(actor);
		Purpose purpose = participants.purpose(actor);
		ClientId client;
		ThreadKind kind;
		if (participants.actsAsClient(actor)) {
			client = participants.ownRecord(actor).orElseThrow(() -> new HavenException("MESSAGING_NO_RECORD",
					Kind.CONFLICT, "your account is not linked to a record yet: ask the clinic to link it"));
			kind = ThreadKind.CLIENT_TEAM;
		}
		else {
			client = clientId(thread.client());
			if (client == null) {
				throw new HavenException("MESSAGING_CLIENT_MISSING", Kind.BAD_REQUEST,
						"choose the client the conversation is about");
			}
			kind = kind(thread.kind());
		}
		UUID id = UUID.randomUUID();
		requireMayWrite(actor, client, purpose, id);
		String subject = text(thread.subject(), MAX_SUBJECT, "MESSAGING_SUBJECT", "a subject");
		String body = text(thread.body(), MAX_BODY, "MESSAGING_BODY", "a message");
		Sealed attachment = attachment(actor, client, thread.attachment());
		KeyScope key = key(actor, client);
		byte[] sealedSubject = cipher.sealText(key, field(MessageStore.THREAD, "subject", id), subject);
		UUID message = UUID.randomUUID();
		byte[] sealedBody = cipher.sealText(key, field(MessageStore.MESSAGE, "body", message), body);
		work.inTransaction(actor.org(), () -> {
			requireOpen(actor, client);
			decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, purpose, AuditAction.CREATE,
					"message", message.toString());
			store.insertThread(actor.org(), id, client, kind, sealedSubject, actor.user());
			write(actor, id, message, sealedBody, attachment, recipients(actor, client, kind));
		});
		events.publishEvent(new MessageSent(actor.org(), client, id, message));
		return id;
	}

	/**
	 * Answers a thread the actor may see.
	 *
	 * @return the new message's id
	 */
	public UUID reply(Actor actor, String threadId, String text, NewAttachment file) {
		participants.requireParticipant(actor);
		Purpose purpose = participants.purpose(actor);
		ThreadRow thread = visible(actor, threadId, AuditAction.CREATE);
		String body = text(text, MAX_BODY, "MESSAGING_BODY", "a message");
		Sealed attachment = attachment(actor, thread.client(), file);
		UUID message = UUID.randomUUID();
		byte[] sealedBody = cipher.sealText(key(actor, thread.client()), field(MessageStore.MESSAGE, "body", message),
				body);
		work.inTransaction(actor.org(), () -> {
			requireOpen(actor, thread.client());
			decisions.enforce(actor, actor.org(), thread.client(), DataCategory.GENERAL, purpose, AuditAction.CREATE,
					"message", message.toString());
			write(actor, thread.id(), message, sealedBody, attachment,
					recipients(actor, thread.client(), thread.kind()));
		});
		events.publishEvent(new MessageSent(actor.org(), thread.client(), thread.id(), message));
		return message;
	}

	/**
	 * One thread with its newest messages, opened for the actor (audited before anything is opened). Reading does
	 * not mark it read: {@link #markRead} does, which the thread page calls when it is shown.
	 */
	public ThreadView thread(Actor actor, String threadId) {
		return thread(actor, threadId, null);
	}

	/**
	 * One page of a thread: the {@link #PAGE} messages before {@code before} (a position the previous page gave as
	 * {@link ThreadView#earlierPage()}), or the newest when it is null; decided and audited as the newest are.
	 */
	public ThreadView thread(Actor actor, String threadId, Long before) {
		if (before != null && before < 1) {
			throw unknownPage();
		}
		participants.requireParticipant(actor);
		Purpose purpose = participants.purpose(actor);
		ThreadRow thread = visible(actor, threadId, AuditAction.READ);
		decisions.enforce(actor, actor.org(), thread.client(), DataCategory.GENERAL, purpose, AuditAction.READ,
				"message_thread", thread.id().toString());
		Loaded loaded = work.reading(actor.org(), () -> load(actor, thread, before));
		boolean discharged = loaded.discharged();
		KeyScope key = key(actor, thread.client());
		Map<UserId, String> names = loaded.names();
		List<MessageView> views = new ArrayList<>();
		for (MessageRow row : loaded.messages()) {
			boolean mine = row.author().equals(actor.user());
			MessageAttachment attached = row.attachment() == null ? null
					: new MessageAttachment(row.attachment().id(),
							cipher.openText(key, field(MessageStore.ATTACHMENT, "file_name", row.attachment().id()),
									row.attachment().fileName()),
							row.attachment().contentType(), row.attachment().size());
			views.add(new MessageView(row.id(), names.getOrDefault(row.author(), "A former member of staff"),
					row.fromClient(), mine, !mine && row.seq() > loaded.lastRead(),
					cipher.openText(key, field(MessageStore.MESSAGE, "body", row.id()), row.body()), row.sentAt(),
					attached));
		}
		return new ThreadView(thread.id(), thread.kind(), thread.client(),
				cipher.openText(key, field(MessageStore.THREAD, "subject", thread.id()), thread.subject()), views,
				loaded.earlier(), loaded.earlier() > 0 ? loaded.messages().get(0).seq() : null, loaded.newest(),
				discharged);
	}

	/** The refusal of a page position ({@code before}) that is not a whole number from 1. */
	public static HavenException unknownPage() {
		return new HavenException("MESSAGING_PAGE_UNKNOWN", Kind.BAD_REQUEST,
				"'before' is the position of a message: a whole number from 1");
	}

	/** Everything a thread's page needs, in one transaction (opened by the caller, after its access decision). */
	private Loaded load(Actor actor, ThreadRow thread, Long before) {
		List<MessageRow> page = store.latest(thread.id(), PAGE, before);
		Set<UserId> authors = new LinkedHashSet<>();
		page.forEach(message -> authors.add(message.author()));
		int earlier = page.isEmpty() ? 0 : store.countBefore(thread.id(), page.get(0).seq());
		boolean newest = before == null || !store.anyAfter(thread.id(), page.isEmpty() ? before - 1
				: page.get(page.size() - 1).seq());
		return new Loaded(page, earlier, newest, store.lastReadSeq(thread.id(), actor.user()),
				discharges.isDischarged(actor, thread.client()), accounts.displayNames(actor.org(), authors));
	}

	/** Marks everything in the thread so far as read by the actor (their unread count drops accordingly). */
	public void markRead(Actor actor, String threadId) {
		participants.requireParticipant(actor);
		ThreadRow thread = visible(actor, threadId, AuditAction.READ);
		work.inTransaction(actor.org(), () -> store.markRead(actor.org(), thread.id(), actor.user(),
				store.newestSeq(thread.id())));
	}

	/** One attachment of a thread the actor may see, opened (audited before it is). */
	public AttachmentFile attachment(Actor actor, String threadId, String attachmentId) {
		participants.requireParticipant(actor);
		Purpose purpose = participants.purpose(actor);
		ThreadRow thread = visible(actor, threadId, AuditAction.READ);
		UUID id = uuid(attachmentId);
		Optional<AttachmentRow> row = id == null ? Optional.empty()
				: work.reading(actor.org(), () -> store.attachment(thread.id(), id));
		if (row.isEmpty()) {
			throw participants.refuse(actor, thread.id(), thread.client(), "NOT_FOUND", AuditAction.READ);
		}
		decisions.enforce(actor, actor.org(), thread.client(), DataCategory.GENERAL, purpose, AuditAction.READ,
				"message_attachment", id.toString());
		KeyScope key = key(actor, thread.client());
		return new AttachmentFile(id, cipher.openText(key, field(MessageStore.ATTACHMENT, "file_name", id),
				row.get().fileName()), row.get().contentType(),
				cipher.open(key, field(MessageStore.ATTACHMENT, "content", id), row.get().content()));
	}

	/**
	 * The thread, if the actor may see it; otherwise "not found", audited. Decides without auditing a permit: the
	 * caller's own {@code enforce} audits the access it goes on to make.
	 */
	private ThreadRow visible(Actor actor, String threadId, AuditAction action) {
		UUID id = uuid(threadId);
		if (id == null) {
			throw participants.refuse(actor, null, null, "NOT_FOUND", action);
		}
		Optional<ThreadRow> found = work.reading(actor.org(), () -> store.thread(id));
		if (found.isEmpty()) {
			throw participants.refuse(actor, id, null, "NOT_FOUND", action);
		}
		ThreadRow thread = found.get();
		if (participants.actsAsClient(actor) && thread.kind() != ThreadKind.CLIENT_TEAM) {
			throw participants.refuse(actor, id, thread.client(), "STAFF_THREAD", action);
		}
		AccessDecision decision = decisions.decide(actor, actor.org(), thread.client(), DataCategory.GENERAL,
				participants.purpose(actor));
		if (!decision.permitted()) {
			throw participants.refuse(actor, id, thread.client(), ((AccessDecision.Deny) decision).reason().name(),
					action);
		}
		return thread;
	}

	/** Decides a new thread before its input is checked, so that someone outside the care learns nothing. */
	private void requireMayWrite(Actor actor, ClientId client, Purpose purpose, UUID thread) {
		if (!decisions.decide(actor, actor.org(), client, DataCategory.GENERAL, purpose).permitted()) {
			throw participants.refuse(actor, thread, client, "NO_RELATIONSHIP", AuditAction.CREATE);
		}
	}

	/** A discharged client's threads can be read but not answered (ADR 0013). */
	private void requireOpen(Actor actor, ClientId client) {
		if (discharges.isDischarged(actor, client)) {
			throw new HavenException("MESSAGING_CLIENT_DISCHARGED", Kind.CONFLICT,
					"this conversation is closed because care has ended; it can still be read. Please call the clinic");
		}
	}

	private void write(Actor actor, UUID thread, UUID message, byte[] body, Sealed attachment,
			Set<UserId> recipients) {
		long seq = store.insertMessage(actor.org(), message, thread, actor.user(), participants.actsAsClient(actor),
				body);
		if (attachment != null) {
			store.insertAttachment(actor.org(), attachment.id(), message, attachment.fileName(),
					attachment.contentType(), attachment.size(), attachment.content());
		}
		store.markRead(actor.org(), thread, actor.user(), seq);
		notifications.queue(actor.org(), recipients, Instant.now());
	}

	/**
	 * Who hears of a new message: the client's care team, and for a client-and-team thread the client's portal
	 * account too; never the author.
	 */
	private Set<UserId> recipients(Actor actor, ClientId client, ThreadKind kind) {
		Set<UserId> recipients = new HashSet<>(careTeams.careTeamOf(actor.org(), client));
		if (kind == ThreadKind.CLIENT_TEAM) {
			recipients.addAll(careTeams.accountsOf(actor.org(), client));
		}
		recipients.remove(actor.user());
		return recipients;
	}

	private Sealed attachment(Actor actor, ClientId client, NewAttachment file) {
		if (file == null || file.content() == null) {
			return null;
		}
		String contentType = AttachmentTypes.check(file.content());
		UUID id = UUID.randomUUID();
		KeyScope key = key(actor, client);
		return new Sealed(id,
				cipher.sealText(key, field(MessageStore.ATTACHMENT, "file_name", id),
						AttachmentTypes.name(file.fileName(), contentType)),
				contentType, file.content().length,
				cipher.seal(key, field(MessageStore.ATTACHMENT, "content", id), file.content()));
	}

	private static String text(String value, int max, String code, String what) {
		if (value == null || value.isBlank()) {
			throw new HavenException(code + "_MISSING", Kind.BAD_REQUEST, "write " + what);
		}
		String text = value.strip();
		if (text.length() > max) {
			throw new HavenException(code + "_TOO_LONG", Kind.BAD_REQUEST,
					what.substring(what.indexOf(' ') + 1) + " is limited to " + max + " characters");
		}
		return text;
	}

	private static ThreadKind kind(String value) {
		if (value == null || value.isBlank()) {
			return ThreadKind.CLIENT_TEAM;
		}
		try {
			return ThreadKind.valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("MESSAGING_KIND_INVALID", Kind.BAD_REQUEST,
					"the conversation is CLIENT_TEAM (with the client) or STAFF (staff only)");
		}
	}

	private static ClientId clientId(String value) {
		UUID id = uuid(value);
		return id == null ? null : new ClientId(id);
	}

	static UUID uuid(String value) {
		try {
			return value == null || value.isBlank() ? null : UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static KeyScope key(Actor actor, ClientId client) {
		return KeyScope.client(actor.org(), client);
	}

	private static FieldRef field(String table, String column, UUID id) {
		return FieldRef.of(table, column, id);
	}

	private record Sealed(UUID id, byte[] fileName, String contentType, int size, byte[] content) {
	}

	private record Loaded(List<MessageRow> messages, int earlier, boolean newest, long lastRead, boolean discharged,
			Map<UserId, String> names) {
	}

}
