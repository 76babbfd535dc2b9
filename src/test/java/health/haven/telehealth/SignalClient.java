package health.haven.telehealth;

import health.haven.support.Http;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A signaling connection for tests, as a room page would hold it: the signed-in person's session, the room's
 * WebSocket, every message received kept in order. {@link #next} waits for the next message of a type (bounded).
 */
final class SignalClient implements WebSocket.Listener {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

	private final List<JsonNode> all = new ArrayList<>();

	private final StringBuilder partial = new StringBuilder();

	final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private WebSocket socket;

	static SignalClient connect(Http http, String room) {
		SignalClient client = new SignalClient();
		client.socket = http.webSocket("/telehealth/signal?room=" + room, client).orTimeout(10, TimeUnit.SECONDS).join();
		return client;
	}

	void send(String json) {
		socket.sendText(json, true).orTimeout(10, TimeUnit.SECONDS).join();
	}

	/** The next message of this type (others before it are skipped but kept in {@link #all}). */
	JsonNode next(String type) {
		long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		try {
			while (System.nanoTime() < until) {
				JsonNode message = received.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (message != null && type.equals(message.path("type").asString())) {
					return message;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new AssertionError("no '" + type + "' message within 10 s; received " + all());
	}

	synchronized List<JsonNode> all() {
		return List.copyOf(all);
	}

	void close() {
		if (!socket.isOutputClosed()) {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(ex -> null).join();
		}
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		partial.append(data);
		if (last) {
			JsonNode message = JSON.readTree(partial.toString());
			partial.setLength(0);
			synchronized (this) {
				all.add(message);
			}
			received.add(message);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		closed.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		closed.complete(-1);
	}

}
