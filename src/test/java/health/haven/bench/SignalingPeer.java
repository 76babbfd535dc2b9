package health.haven.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One participant of the signaling benchmark on its own WebSocket, speaking the room protocol as the room page does,
 * with the protocol kept generic for rooms of any size:
 * <ul>
 * <li>the host joins, admits every participant announced as {@code waiting}, and on each {@code admitted} sends
 * that guest its {@code publicKey}; it answers every {@code offer} with an {@code answer}; once every guest has
 * {@code left}, it leaves;</li>
 * <li>a guest joins and waits; on {@code admitted} the join-to-admitted time is taken; on the host's
 * {@code publicKey} (which names the host in {@code from}) it sends its own {@code publicKey} and an {@code offer},
 * and on the {@code answer} it leaves.</li>
 * </ul>
 * Every relayed message carries {@code to}, the participant it is for (group rooms route by it and require it for
 * offers and answers). The host learns of an admission from {@code admitted} (1:1) or {@code arrived} (groups).
 * Messages it does not act on are counted, not failed (group rooms announce arrivals, key leaders and media). Errors: a {@code refused}, a message out of turn, a close or transport error before leaving,
 * and a step that takes longer than the step timeout (checked by {@link SignalingBench}'s watchdog); each
 * participant counts once, under its first error. The listener is called by one thread at a time per socket (the
 * JDK's contract); sends are chained, as the JDK allows one outstanding send per socket.
 */
final class SignalingPeer implements WebSocket.Listener {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A P-256 public key's size, base64 as the page sends it. */
	private static final String PUBLIC_KEY = Base64.getEncoder().encodeToString(new byte[65]);

	/** An SDP of the size a browser's audio+video offer has (about 1.5 kB), with nothing in it. */
	private static final String SDP = "v=0\\r\\no=- 0 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
			+ "a=bench-padding:".concat("x".repeat(1400)) + "\\r\\n";

	/** What one round of the benchmark collects from all its participants. */
	static final class Tally {

		final ConcurrentLinkedQueue<Long> admitNanos = new ConcurrentLinkedQueue<>();

		final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();

		final AtomicInteger failedParticipants = new AtomicInteger();

		final AtomicLong sent = new AtomicLong();

		final AtomicLong received = new AtomicLong();

		/** Messages of a type the protocol here does not act on (none today; group rooms announce more). */
		final Map<String, AtomicInteger> ignored = new ConcurrentHashMap<>();

		void error(String kind) {
			errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
		}

		void ignored(String type) {
			ignored.computeIfAbsent(String.valueOf(type), k -> new AtomicInteger()).incrementAndGet();
		}

	}

	final boolean host;

	final int room;

	private final int guests;

	private final String joinMessage;

	private final Tally tally;

	private final long stepNanos;

	private final StringBuilder partial = new StringBuilder();

	private final Set<String> greeted = new HashSet<>();

	private final Set<String> answered = new HashSet<>();

	private final Set<String> leftGuests = new HashSet<>();

	final CompletableFuture<Void> joined = new CompletableFuture<>();

	final CompletableFuture<Void> done = new CompletableFuture<>();

	private volatile WebSocket socket;

	private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

	/** When the current step must be over (nanoTime), 0 when nothing is awaited. */
	private volatile long deadline;

	private volatile boolean leaving;

	/** Until when (nanoTime) guests are still arriving: a host's wait for the next one is not overdue before. */
	private volatile long quietUntil;

	private volatile boolean failed;

	private long joinSentAt;

	/** The last thing that happened on this socket ("got waiting", "sent join"), to say where a timeout stopped. */
	private volatile String last = "connecting";

	private long connectStartedAt;

	/** How long the WebSocket handshake took (TLS, session, seat decided), in nanoseconds; 0 until open. */
	volatile long connectNanos;

	private String hostId;

	SignalingPeer(boolean host, int room, int guests, String joinMessage, Tally tally, Duration step) {
		this.host = host;
		this.room = room;
		this.guests = guests;
		this.joinMessage = joinMessage;
		this.tally = tally;
		this.stepNanos = step.toNanos();
	}

	/** Opens the WebSocket with the person's session cookie and the page's origin, as the browser does. */
	CompletableFuture<WebSocket> connect(HttpClient http, URI signal, String cookie, String origin) {
		awaitNext();
		connectStartedAt = System.nanoTime();
		return http.newWebSocketBuilder()
			.header("Cookie", cookie)
			.header("Origin", origin)
			.connectTimeout(Duration.ofNanos(stepNanos))
			.buildAsync(signal, this)
			.whenComplete((ws, failure) -> {
				if (failure != null) {
					fail("handshake " + rootCause(failure));
				}
				else {
					connectNanos = System.nanoTime() - connectStartedAt;
					socket = ws;
					deadline = 0;
					last = "open";
				}
			});
	}

	void join() {
		if (failed) {
			return;
		}
		awaitNext();
		joinSentAt = System.nanoTime();
		send(joinMessage);
	}

	/**
	 * A host with guests to come, the last of them by {@code lastArrival} (nanoTime): until then plus the step timeout
	 * the host may wait for the next guest without failing.
	 */
	void expectGuests(long lastArrival) {
		quietUntil = lastArrival;
		if (!failed && !done.isDone()) {
			awaitNext();
		}
	}

	/** Called by the watchdog: fails the participant if its current step is overdue. */
	void checkDeadline(long now) {
		long due = deadline;
		if (due != 0 && now - due > 0 && !done.isDone()) {
			fail("timeout " + (host ? "host" : "guest") + " after " + last);
		}
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		socket = webSocket;
		webSocket.request(1);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		partial.append(data);
		if (last) {
			String text = partial.toString();
			partial.setLength(0);
			tally.received.incrementAndGet();
			try {
				handle(JSON.readTree(text));
			}
			catch (RuntimeException ex) {
				fail("client " + ex.getClass().getSimpleName());
			}
		}
		webSocket.request(1);
		return null;
	}

	private void handle(JsonNode msg) {
		String type = text(msg, "type");
		last = "got " + type;
		if ("refused".equals(type)) {
			fail("refused " + text(msg, "reason"));
			return;
		}
		if (host) {
			asHost(type, msg);
		}
		else {
			asGuest(type, msg);
		}
	}

	private void asHost(String type, JsonNode msg) {
		String participant = text(msg, "participant");
		switch (String.valueOf(type)) {
			case "joined" -> {
				deadline = 0;
				joined.complete(null);
			}
			case "waiting" -> {
				awaitNext();
				send("{\"type\":\"admit\",\"participant\":\"" + participant + "\"}");
			}
			// The host learns of an admission by "admitted" (1:1 rooms) or by "arrived" (group rooms): greets once.
			case "admitted", "arrived" -> {
				awaitNext();
				if (participant != null && greeted.add(participant)) {
					send("{\"type\":\"publicKey\",\"to\":\"" + participant + "\",\"key\":\"" + PUBLIC_KEY + "\"}");
				}
			}
			case "publicKey" -> awaitNext();
			case "offer" -> {
				String from = text(msg, "from");
				if (from == null || !answered.add(from)) {
					fail("unexpected offer");
					return;
				}
				awaitNext();
				send("{\"type\":\"answer\",\"to\":\"" + from + "\",\"sdp\":\"" + SDP + "\"}");
			}
			case "left" -> {
				if (participant != null) {
					leftGuests.add(participant);
				}
				if (leftGuests.size() >= guests) {
					leave();
				}
				else {
					awaitNext();
				}
			}
			default -> tally.ignored(type);
		}
	}

	private void asGuest(String type, JsonNode msg) {
		switch (String.valueOf(type)) {
			case "joined" -> {
				awaitNext();
				joined.complete(null);
			}
			case "waiting" -> awaitNext();
			case "admitted" -> {
				tally.admitNanos.add(System.nanoTime() - joinSentAt);
				awaitNext();
			}
			case "publicKey" -> {
				hostId = text(msg, "from");
				awaitNext();
				send("{\"type\":\"publicKey\",\"to\":\"" + hostId + "\",\"key\":\"" + PUBLIC_KEY + "\"}");
				send("{\"type\":\"offer\",\"to\":\"" + hostId + "\",\"sdp\":\"" + SDP + "\"}");
			}
			case "answer" -> {
				if (hostId == null || !hostId.equals(text(msg, "from"))) {
					fail("answer from someone else");
					return;
				}
				leave();
			}
			case "left" -> {
				if (!leaving && hostId != null && hostId.equals(text(msg, "participant"))) {
					fail("host left first");
				}
			}
			default -> tally.ignored(type);
		}
	}

	private void leave() {
		leaving = true;
		awaitNext();
		send("{\"type\":\"leave\"}");
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		if (leaving && statusCode == WebSocket.NORMAL_CLOSURE) {
			deadline = 0;
			done.complete(null);
		}
		else {
			fail("closed " + statusCode + " after " + last);
		}
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		fail("transport " + rootCause(error) + " after " + last);
	}

	private synchronized void send(String text) {
		WebSocket ws = socket;
		last = "sent " + typeOf(text);
		tally.sent.incrementAndGet();
		sending = sending.handle((ok, failure) -> null).thenCompose(x -> ws.sendText(text, true));
		sending.whenComplete((ok, failure) -> {
			if (failure != null && !leaving) {
				fail("send " + rootCause(failure));
			}
		});
	}

	/** The first error counts the participant as failed; the socket is dropped so that nothing waits for it. */
	private void fail(String kind) {
		synchronized (this) {
			if (failed || done.isDone()) {
				return;
			}
			failed = true;
		}
		tally.error(kind);
		tally.failedParticipants.incrementAndGet();
		deadline = 0;
		WebSocket ws = socket;
		if (ws != null) {
			ws.abort();
		}
		joined.complete(null);
		done.complete(null);
	}

	private void awaitNext() {
		deadline = Math.max(System.nanoTime(), quietUntil) + stepNanos;
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		return value == null || !value.isString() ? null : value.asString();
	}

	private static String typeOf(String message) {
		int at = message.indexOf("\"type\":\"") + 8;
		int end = message.indexOf('"', at);
		return at < 8 || end < 0 ? "?" : message.substring(at, end);
	}

	/** The innermost cause's type and message (the load client's own exceptions: no PHI in them). */
	private static String rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		String message = String.valueOf(cause.getMessage());
		return cause.getClass().getSimpleName() + " (" + message.substring(0, Math.min(60, message.length())) + ")";
	}

}
