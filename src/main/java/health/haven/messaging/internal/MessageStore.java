package health.haven.messaging.internal;

import health.haven.messaging.ThreadKind;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The messaging tables, sealed values in and out: nothing here opens or decides anything. Every method runs inside the
 * caller's tenant transaction ({@code TenantWork}), so row-level security holds each statement to one organization.
 */
@Component
public class MessageStore {

	public static final String THREAD = "messaging.thread";

	public static final String MESSAGE = "messaging.message";

	public static final String ATTACHMENT = "messaging.attachment";

	private final JdbcClient db;

	MessageStore(JdbcClient db) {
		this.db = db;
	}

	public Optional<ThreadRow> thread(UUID id) {
		return db.sql("""
				SELECT id, client_id, kind, subject, last_message_at FROM messaging.thread
				WHERE id = ? AND voided_at IS NULL""")
			.param(id)
			.query((rs, n) -> new ThreadRow(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)),
					ThreadKind.valueOf(rs.getString(3)), rs.getBytes(4), rs.getTimestamp(5).toInstant(), 0, 0))
			.optional();
	}

	/**
	 * The threads about these clients (only the client-and-team ones when {@code clientView}), newest first, with how
	 * many messages each has and how many of them {@code reader} has not read (their own never count).
	 */
	public List<ThreadRow> threads(Collection<ClientId> clients, boolean clientView, UserId reader) {
		return db.sql("""
				SELECT t.id, t.client_id, t.kind, t.subject, t.last_message_at,
				       (SELECT count(*) FROM messaging.message m WHERE m.thread_id = t.id AND m.voided_at IS NULL),
				       (SELECT count(*) FROM messaging.message m WHERE m.thread_id = t.id AND m.voided_at IS NULL
				          AND m.author <> ? AND m.seq > coalesce(r.last_read_seq, 0))
				FROM messaging.thread t
				LEFT JOIN messaging.read_mark r ON r.thread_id = t.id AND r.user_id = ?
				WHERE t.voided_at IS NULL AND t.client_id = ANY (?) AND (NOT ? OR t.kind = 'CLIENT_TEAM')
				ORDER BY t.last_message_at DESC, t.id LIMIT 500""")
			.params(reader.value(), reader.value(), ids(clients), clientView)
			.query((rs, n) -> new ThreadRow(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)),
					ThreadKind.valueOf(rs.getString(3)), rs.getBytes(4), rs.getTimestamp(5).toInstant(), rs.getInt(6),
					rs.getInt(7)))
			.list();
	}

	/** How many messages in these clients' threads {@code reader} has not read (their own never count). */
	public int unread(Collection<ClientId> clients, boolean clientView, UserId reader) {
		return db.sql("""
				SELECT count(*) FROM messaging.thread t
				JOIN messaging.message m ON m.thread_id = t.id AND m.voided_at IS NULL AND m.author <> ?
				LEFT JOIN messaging.read_mark r ON r.thread_id = t.id AND r.user_id = ?
				WHERE t.voided_at IS NULL AND t.client_id = ANY (?) AND (NOT ? OR t.kind = 'CLIENT_TEAM')
				  AND m.seq > coalesce(r.last_read_seq, 0)""")
			.params(reader.value(), reader.value(), ids(clients), clientView)
			.query(Integer.class)
			.single();
	}

	public void insertThread(OrgId org, UUID id, ClientId client, ThreadKind kind, byte[] subject, UserId by) {
		db.sql("INSERT INTO messaging.tenant (org_id) VALUES (?) ON CONFLICT DO NOTHING").param(org.value()).update();
		db.sql("""
				INSERT INTO messaging.thread (id, org_id, client_id, kind, subject, started_by)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(id, org.value(), client.value(), kind.name(), subject, by.value())
			.update();
	}

	/** Adds a message and moves the thread's last activity; returns the message's sequence number. */
	public long insertMessage(OrgId org, UUID id, UUID thread, UserId author, boolean fromClient, byte[] body) {
		long seq = db.sql("""
				INSERT INTO messaging.message (id, org_id, thread_id, author, from_client, body)
				VALUES (?, ?, ?, ?, ?, ?) RETURNING seq""")
			.params(id, org.value(), thread, author.value(), fromClient, body)
			.query(Long.class)
			.single();
		db.sql("UPDATE messaging.thread SET last_message_at = clock_timestamp() WHERE id = ?").param(thread).update();
		return seq;
	}

	public void insertAttachment(OrgId org, UUID id, UUID message, byte[] fileName, String contentType, int size,
			byte[] content) {
		db.sql("""
				INSERT INTO messaging.attachment (id, org_id, message_id, file_name, content_type, size_bytes, content)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(id, org.value(), message, fileName, contentType, size, content)
			.update();
	}

	/** Moves the reader's mark forward to {@code seq} (never back). */
	public void markRead(OrgId org, UUID thread, UserId reader, long seq) {
		db.sql("""
				INSERT INTO messaging.read_mark (thread_id, user_id, org_id, last_read_seq) VALUES (?, ?, ?, ?)
				ON CONFLICT (thread_id, user_id) DO UPDATE
				SET last_read_seq = greatest(read_mark.last_read_seq, excluded.last_read_seq), read_at = now()""")
			.params(thread, reader.value(), org.value(), seq)
			.update();
	}

	public long lastReadSeq(UUID thread, UserId reader) {
		return db.sql("SELECT last_read_seq FROM messaging.read_mark WHERE thread_id = ? AND user_id = ?")
			.params(thread, reader.value())
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	/**
	 * The newest {@code limit} messages of a thread, oldest first, with their attachments' descriptions; only those
	 * older than {@code beforeSeq} when it is given (a page of earlier messages).
	 */
	public List<MessageRow> latest(UUID thread, int limit, Long beforeSeq) {
		List<MessageRow> newestFirst = db.sql("""
				SELECT m.id, m.seq, m.author, m.from_client, m.body, m.sent_at,
				       a.id, a.file_name, a.content_type, a.size_bytes
				FROM messaging.message m LEFT JOIN messaging.attachment a ON a.message_id = m.id AND a.voided_at IS NULL
				WHERE m.thread_id = ? AND m.voided_at IS NULL AND m.seq < ? ORDER BY m.seq DESC LIMIT ?""")
			.params(thread, beforeSeq == null ? Long.MAX_VALUE : beforeSeq, limit)
			.query(MessageStore::message)
			.list();
		List<MessageRow> oldestFirst = new java.util.ArrayList<>(newestFirst);
		java.util.Collections.reverse(oldestFirst);
		return oldestFirst;
	}

	/** How many messages of the thread are older than {@code seq}. */
	public int countBefore(UUID thread, long seq) {
		return db.sql("SELECT count(*) FROM messaging.message WHERE thread_id = ? AND voided_at IS NULL AND seq < ?")
			.params(thread, seq)
			.query(Integer.class)
			.single();
	}

	/** Whether the thread has messages newer than {@code seq}. */
	public boolean anyAfter(UUID thread, long seq) {
		return db.sql("""
				SELECT EXISTS (SELECT 1 FROM messaging.message WHERE thread_id = ? AND voided_at IS NULL AND seq > ?)""")
			.params(thread, seq)
			.query(Boolean.class)
			.single();
	}

	public long newestSeq(UUID thread) {
		return db.sql("SELECT coalesce(max(seq), 0) FROM messaging.message WHERE thread_id = ? AND voided_at IS NULL")
			.param(thread)
			.query(Long.class)
			.single();
	}

	public Optional<AttachmentRow> attachment(UUID thread, UUID attachment) {
		return db.sql("""
				SELECT a.id, a.file_name, a.content_type, a.content FROM messaging.attachment a
				JOIN messaging.message m ON m.id = a.message_id
				WHERE a.id = ? AND m.thread_id = ? AND a.voided_at IS NULL AND m.voided_at IS NULL""")
			.params(attachment, thread)
			.query((rs, n) -> new AttachmentRow(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3),
					rs.getBytes(4)))
			.optional();
	}

	private static MessageRow message(ResultSet rs, int n) throws SQLException {
		UUID attachment = rs.getObject(7, UUID.class);
		return new MessageRow(rs.getObject(1, UUID.class), rs.getLong(2), new UserId(rs.getObject(3, UUID.class)),
				rs.getBoolean(4), rs.getBytes(5), rs.getTimestamp(6).toInstant(),
				attachment == null ? null : new AttachmentInfo(attachment, rs.getBytes(8), rs.getString(9), rs.getInt(10)));
	}

	private static UUID[] ids(Collection<ClientId> clients) {
		return clients.stream().map(ClientId::value).toArray(UUID[]::new);
	}

	/** A thread as stored: the subject sealed. */
	public record ThreadRow(UUID id, ClientId client, ThreadKind kind, byte[] subject, Instant lastMessageAt,
			int messages, int unread) {
	}

	/** A message as stored: the body sealed. */
	public record MessageRow(UUID id, long seq, UserId author, boolean fromClient, byte[] body, Instant sentAt,
			AttachmentInfo attachment) {
	}

	/** An attachment's description as stored: the name sealed. */
	public record AttachmentInfo(UUID id, byte[] fileName, String contentType, int size) {
	}

	/** An attachment as stored: name and bytes sealed. */
	public record AttachmentRow(UUID id, byte[] fileName, String contentType, byte[] content) {
	}

}
