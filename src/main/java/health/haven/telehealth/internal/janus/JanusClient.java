package health.haven.telehealth.internal.janus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One WebSocket connection to the Janus API (subprotocol {@code janus-protocol}) or to its admin API
 * ({@code janus-admin-protocol}). WebSocket rather than HTTP long-polling because Janus pushes events on it (no poller
 * per session), and because Janus destroys the sessions created on a connection as soon as it closes: a Haven crash
 * or a closed leg leaves nothing behind in Janus.
 *
 * <p>Requests carry a transaction and wait, bounded, for their answer: {@code success}, {@code error}, or for plugin
 * messages answered asynchronously the {@code event} that follows the {@code ack}. Everything else is an event for a
 * session, handed in order to that session's listener on a pooled thread (never on the socket's own thread, so a
 * listener may make requests). Nothing here logs a message's content: SDPs, candidates, tokens and secrets pass
 * through without being written anywhere.
 */
public final class JanusClient implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(JanusClient.class);

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Janus times a session out after 60 s without a request; keepalives go well within that. */
	static final Duration KEEPALIVE = Duration.ofSeconds(25);

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private static final int MAX_MESSAGE = 512 * 1024;

	private static final ScheduledExecutorService TIMERS = timers();

	/** One timer thread; a cancelled keepalive leaves its queue at once (a leg's end frees it, not 25 s later). */
	private static ScheduledExecutorService timers() {
		java.util.concurrent.ScheduledThreadPoolExecutor timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
				task -> {
					Thread thread = new Thread(task, "janus-keepalive");
					thread.setDaemon(true);
					return thread;
				});
		timers.setRemoveOnCancelPolicy(true);
		return timers;
	}

	private static final Executor EVENTS = Executors.newCachedThreadPool(task -> {
		Thread thread = new Thread(task, "janus-events");
		thread.setDaemon(true);
		return thread;
	});

	private static final AtomicLong TRANSACTIONS = new AtomicLong();

	/** Which Janus API a connection speaks. */
	public enum Protocol {

		API("janus-protocol"), ADMIN("janus-admin-protocol");

		private final String subprotocol;

		Protocol(String subprotocol) {
			this.subprotocol = subprotocol;
		}

	}

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final Map<Long, Consumer<JsonNode>> sessions = new ConcurrentHashMap<>();

	private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();

	private final SerialExecutor events = new SerialExecutor(EVENTS);

	private final Object sending = new Object();

	private final String adminSecret;

	private volatile WebSocket socket;

	private volatile boolean open = true;

	private JanusClient(String adminSecret) {
		this.adminSecret = adminSecret;
	}

	/**
	 * Connects, bounded by {@code timeout}.
	 * @param adminSecret added to every request on an admin connection; ignored on the API
	 */
	public static JanusClient connect(HttpClient http, URI uri, Protocol protocol, String adminSecret,
			Duration timeout) {
		JanusClient client = new JanusClient(protocol == Protocol.ADMIN ? adminSecret : null);
		try {
			client.socket = http.newWebSocketBuilder()
				.subprotocols(protocol.subprotocol)
				.connectTimeout(timeout)
				.buildAsync(uri, client.new Receiver())
				.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
			return client;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw JanusException.unavailable("interrupted while connecting to Janus", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw JanusException.unavailable("Janus does not answer on its " + protocol.name().toLowerCase()
					+ " port", ex);
		}
	}

	public boolean isOpen() {
		return open;
	}

	/** Runs once when the connection closes, whoever closed it. */
	public void onClose(Runnable listener) {
		closeListeners.add(listener);
		if (!open) {
			events.execute(listener);
		}
	}

	/** Events Janus pushes for a session (plugin events without a pending transaction, hangups, timeouts...). */
	public void onEvent(long session, Consumer<JsonNode> listener) {
		sessions.put(session, listener);
	}

	public static ObjectNode request(String janus) {
		return JSON.createObjectNode().put("janus", janus);
	}

	/**
	 * Sends a request and waits for its final answer. An {@code error} answer becomes a {@link JanusException} with
	 * Janus's code; a plugin's own error (in {@code plugindata}) is returned for the caller to judge.
	 * @param ackIsFinal true for requests that Janus only acknowledges (keepalive, trickle); false for plugin
	 * messages whose result may come as an event after the ack
	 */
	public JsonNode call(ObjectNode request, boolean ackIsFinal) {
		return call(request, ackIsFinal, REQUEST_TIMEOUT);
	}

	JsonNode call(ObjectNode request, boolean ackIsFinal, Duration timeout) {
		if (!open) {
			throw JanusException.unavailable("the connection to Janus is closed");
		}
		String transaction = "h" + TRANSACTIONS.incrementAndGet();
		request.put("transaction", transaction);
		if (adminSecret != null) {
			request.put("admin_secret", adminSecret);
		}
		Pending waiting = new Pending(ackIsFinal);
		pending.put(transaction, waiting);
		try {
			send(JSON.writeValueAsString(request));
			JsonNode answer = waiting.answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if ("error".equals(answer.path("janus").asString(""))) {
				int code = answer.path("error").path("code").asInt(0);
				if (code == 403) {
					throw JanusException.refused("Janus refused the token or secret", code);
				}
				throw JanusException.refused("Janus refused the request", code);
			}
			return answer;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw JanusException.unavailable("interrupted while waiting for Janus", ex);
		}
		catch (TimeoutException ex) {
			throw JanusException.unavailable("Janus did not answer in time", ex);
		}
		catch (ExecutionException ex) {
			throw JanusException.unavailable("the connection to Janus closed", ex.getCause());
		}
		finally {
			pending.remove(transaction);
		}
	}

	/** Sends a keepalive for {@code session} every 25 s until the returned task is cancelled or a keepalive fails. */
	public ScheduledFuture<?> keepAlive(long session, String token, Consumer<JanusException> failed) {
		ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
		task[0] = TIMERS.scheduleAtFixedRate(() -> EVENTS.execute(() -> {
			if (!open) {
				task[0].cancel(false);
				return;
			}
			try {
				ObjectNode keepalive = request("keepalive").put("session_id", session);
				if (token != null) {
					keepalive.put("token", token);
				}
				call(keepalive, true);
			}
			catch (JanusException ex) {
				task[0].cancel(false);
				failed.accept(ex);
			}
		}), KEEPALIVE.toMillis(), KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
		return task[0];
	}

	@Override
	public void close() {
		WebSocket current = socket;
		if (current != null && open) {
			try {
				current.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				log.debug("Janus connection did not close cleanly");
			}
			current.abort();
		}
		closed();
	}

	private void send(String text) throws InterruptedException, ExecutionException, TimeoutException {
		synchronized (sending) {
			socket.sendText(text, true).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void closed() {
		if (!open) {
			return;
		}
		open = false;
		pending.values().forEach(waiting -> waiting.answer.completeExceptionally(
				JanusException.unavailable("the connection to Janus closed")));
		closeListeners.forEach(events::execute);
	}

	private void received(String text) {
		JsonNode message;
		try {
			message = JSON.readTree(text);
		}
		catch (JacksonException ex) {
			log.warn("Janus sent a message that is not JSON; ignored");
			return;
		}
		if (message == null || !message.isObject()) {
			return;
		}
		String kind = message.path("janus").asString("");
		Pending waiting = pending.get(message.path("transaction").asString(""));
		if (waiting != null && (!kind.equals("ack") || waiting.ackIsFinal)) {
			waiting.answer.complete(message);
			return;
		}
		if (waiting != null) {
			return; // the ack of a plugin message: its event follows
		}
		Consumer<JsonNode> listener = sessions.get(message.path("session_id").asLong(0));
		if (listener != null) {
			events.execute(() -> listener.accept(message));
		}
	}

	private record Pending(boolean ackIsFinal, CompletableFuture<JsonNode> answer) {

		Pending(boolean ackIsFinal) {
			this(ackIsFinal, new CompletableFuture<>());
		}

	}

	private final class Receiver implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			partial.append(data);
			if (partial.length() > MAX_MESSAGE) {
				log.warn("Janus sent an oversized message; connection closed");
				webSocket.abort();
				closed();
				return null;
			}
			if (last) {
				String text = partial.toString();
				partial.setLength(0);
				received(text);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed();
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			log.debug("Janus connection failed: {}", error.getClass().getSimpleName());
			closed();
		}

	}

	/** Runs tasks one after another, in order, on a shared pool. */
	private static final class SerialExecutor implements Executor {

		private final Queue<Runnable> tasks = new ArrayDeque<>();

		private final Executor pool;

		private boolean running;

		SerialExecutor(Executor pool) {
			this.pool = pool;
		}

		@Override
		public synchronized void execute(Runnable task) {
			tasks.add(task);
			if (!running) {
				running = true;
				pool.execute(this::drain);
			}
		}

		private void drain() {
			while (true) {
				Runnable next;
				synchronized (this) {
					next = tasks.poll();
					if (next == null) {
						running = false;
						return;
					}
				}
				try {
					next.run();
				}
				catch (RuntimeException ex) {
					log.warn("A Janus event listener failed: {}", ex.getClass().getSimpleName());
				}
			}
		}

	}

}
