package health.haven.telehealth.internal.janus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Janus WebRTC server that group rooms use, as configured by {@link JanusSettings}: none ({@code off}: groups
 * fall back to a small peer-to-peer mesh elsewhere), an operator's ({@code HAVEN_JANUS_URL}), or Haven's own
 * ({@code HAVEN_JANUS=auto}).
 *
 * <p>In auto mode Haven writes a minimal configuration into {@code $HAVEN_DATA_DIR/janus/} (mode 0700, fresh
 * secrets on every start) and runs {@code janus -C <dir>/janus.jcfg -F <dir>} as a child process: only the VideoRoom
 * plugin and the WebSocket transport are loaded (the configured plugin and transport folders hold links to those two
 * libraries and nothing else), the API and the admin API listen on free loopback ports only, core stored-token auth
 * is on, the VideoRoom needs an admin key to create rooms and RTP forwarding is locked, no event handlers or external
 * loggers, every folder is protected against recordings, and Janus logs to {@code janus.log} there at level 4, which
 * carries no SDPs or candidates. It shares nothing with a system Janus service that the Debian package may have
 * started on the default ports. ICE uses the machine's interfaces as Janus finds them (no 1:1 NAT mapping is forced),
 * so that other machines on the LAN can reach it.
 *
 * <p>Start-up waits, bounded, until the API answers; shutdown stops the process tree, and a Janus left over by a
 * killed Haven (found through its pid file) is stopped before a new one starts.
 *
 * <p>A Janus that dies while Haven runs (a crash, an operator's {@code kill}, the kernel's OOM killer) is started
 * again, with fresh ports and secrets, after 0.5 s, then 1, 2, 4 ... up to 30 s between attempts for as long as it
 * keeps failing; meanwhile {@link #available()} is false, so groups going live use the mesh. Each new Janus is a new
 * {@link #generation()}, and {@link #onRestart} listeners (the group media) move the rooms in progress onto it. An
 * operator's Janus (external mode) is not Haven's to restart.
 */
public class JanusServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JanusServer.class);

	static final String MISSING = "group sessions need the janus package: apt-get install janus";

	private static final List<String> LIBRARY_DIRS = List.of("/usr/lib/x86_64-linux-gnu/janus",
			"/usr/lib/aarch64-linux-gnu/janus", "/usr/lib/janus", "/usr/local/lib/janus", "/opt/janus/lib/janus");

	private static final Duration RESTART_FIRST = Duration.ofMillis(500);

	private static final Duration RESTART_MAX = Duration.ofSeconds(30);

	private final JanusSettings settings;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private volatile JanusRooms rooms;

	private volatile Process process;

	private volatile URI apiUrl;

	private Thread shutdownHook;

	/** Which Janus this is: 1 for the first one started, one more for each restart after it died. */
	private volatile long generation;

	private final List<Runnable> restartListeners = new CopyOnWriteArrayList<>();

	private ScheduledExecutorService supervisor;

	private boolean stopping;

	public JanusServer(JanusSettings settings) {
		this.settings = settings;
	}

	/** Whether group rooms can use Janus: configured, and in auto mode started and still running. */
	public boolean available() {
		Process running = process;
		return rooms != null && (running == null || running.isAlive());
	}

	/** Room operations; unavailable when Janus is off or not started. */
	public JanusRooms rooms() {
		JanusRooms current = rooms;
		if (current == null || !available()) {
			throw JanusException.unavailable(settings.mode() == JanusSettings.Mode.OFF
					? "group media through Janus is off (HAVEN_JANUS)" : "Janus is not running");
		}
		return current;
	}

	public JanusSettings.Mode mode() {
		return settings.mode();
	}

	/** The Janus API's WebSocket address Haven uses (never handed to browsers). */
	public Optional<URI> apiUrl() {
		return Optional.ofNullable(apiUrl);
	}

	/** Haven's own Janus process in auto mode, while it runs. */
	public Optional<ProcessHandle> process() {
		Process current = process;
		return current == null || !current.isAlive() ? Optional.empty() : Optional.of(current.toHandle());
	}

	/**
	 * Which Janus the rooms and tokens Haven holds belong to: one more each time Haven's own Janus is started again
	 * after it died (0 before the first start). Rooms made with another generation are gone with their Janus.
	 */
	public long generation() {
		return generation;
	}

	/** Runs {@code listener} each time Haven's own Janus is up again after it died (on the supervisor's thread). */
	public void onRestart(Runnable listener) {
		restartListeners.add(listener);
	}

	@Override
	public synchronized void start() {
		if (rooms != null) {
			return;
		}
		stopping = false;
		switch (settings.mode()) {
			case OFF -> log.info("Group media through Janus is off; groups use a peer-to-peer mesh of at most 4");
			case EXTERNAL -> startExternal();
			case AUTO -> startAuto();
		}
	}

	@Override
	public synchronized void stop() {
		stopping = true;
		if (supervisor != null) {
			supervisor.shutdownNow();
			supervisor = null;
		}
		JanusRooms current = rooms;
		rooms = null;
		if (current != null) {
			current.close();
		}
		Process running = process;
		process = null;
		if (running != null) {
			stopProcess(running.toHandle());
			log.info("Janus stopped");
		}
		if (shutdownHook != null) {
			try {
				Runtime.getRuntime().removeShutdownHook(shutdownHook);
			}
			catch (IllegalStateException ex) {
				// the JVM is shutting down: the hook runs anyway
			}
			shutdownHook = null;
		}
	}

	@Override
	public boolean isRunning() {
		return rooms != null;
	}

	private void startExternal() {
		URI url = settings.url().orElseThrow();
		JanusRooms external = new JanusRooms(http, url, settings.adminUrl(), settings.adminSecret(),
				settings.roomAdminKey(), settings.adminUrl().isPresent());
		try {
			external.connect();
		}
		catch (JanusException ex) {
			// An operator's Janus may come up after Haven: rooms reconnect on their next request.
			log.warn("The Janus at {} does not answer yet: {}", url.getHost(), ex.code());
		}
		apiUrl = url;
		rooms = external;
		log.info("Group media through the Janus at {}", url.getHost());
	}

	private void startAuto() {
		Path binary = findBinary(settings.binary()).orElseThrow(() -> JanusException.unavailable(MISSING));
		Path libraries = findLibraries().orElseThrow(() -> JanusException.unavailable(
				"the janus package has no VideoRoom plugin or WebSocket transport here; " + MISSING));
		Path dir = settings.dataDir().toAbsolutePath().normalize();
		try {
			prepare(dir);
			stopLeftover(dir);
			JanusException last = null;
			for (int attempt = 1; attempt <= 3; attempt++) {
				try {
					launch(binary, libraries, dir);
					return;
				}
				catch (PortTaken ex) {
					last = JanusException.unavailable("Janus could not bind its loopback ports");
				}
			}
			throw last;
		}
		catch (IOException ex) {
			throw JanusException.unavailable("could not prepare " + dir + " for Janus", ex);
		}
	}

	private void launch(Path binary, Path libraries, Path dir) throws IOException {
		int apiPort = freePort();
		int adminPort = freePort();
		String adminSecret = JanusRooms.mintToken();
		String roomAdminKey = JanusRooms.mintToken();
		JanusConfig.write(dir, libraries, apiPort, adminPort, adminSecret, roomAdminKey, settings.rtpPorts());
		Files.deleteIfExists(dir.resolve("janus.pid"));
		Process started = new ProcessBuilder(binary.toString(), "-C", dir.resolve("janus.jcfg").toString(), "-F",
				dir.toString(), "-p", dir.resolve("janus.pid").toString(), "-N")
			.directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("janus.out").toFile())
			.start();
		URI api = URI.create("ws://127.0.0.1:" + apiPort + "/");
		URI admin = URI.create("ws://127.0.0.1:" + adminPort + "/");
		JanusRooms local = new JanusRooms(http, api, Optional.of(admin), adminSecret, roomAdminKey, true);
		Instant deadline = Instant.now().plus(settings.startTimeout());
		while (true) {
			if (!started.isAlive()) {
				local.close();
				if (bindFailed(dir)) {
					throw new PortTaken();
				}
				throw JanusException.unavailable("Janus exited at start-up with code " + started.exitValue()
						+ "; see " + dir.resolve("janus.log"));
			}
			try {
				local.connect();
				break;
			}
			catch (JanusException ex) {
				if (Instant.now().isAfter(deadline)) {
					local.close();
					stopProcess(started.toHandle());
					throw JanusException.unavailable("Janus did not answer within " + settings.startTimeout().toSeconds()
							+ " s; see " + dir.resolve("janus.log"));
				}
				sleep(150);
			}
		}
		Thread hook = new Thread(() -> stopProcess(started.toHandle()), "janus-stop");
		try {
			if (shutdownHook != null) {
				Runtime.getRuntime().removeShutdownHook(shutdownHook);
			}
			Runtime.getRuntime().addShutdownHook(hook);
			shutdownHook = hook;
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: no Janus is wanted any more
			local.close();
			stopProcess(started.toHandle());
			throw JanusException.unavailable("Haven is shutting down");
		}
		process = started;
		apiUrl = api;
		rooms = local;
		generation++;
		started.onExit().thenRunAsync(() -> exited(started));
		log.info("Janus started for group media (pid {}, loopback port {}, configuration in {})", started.pid(), apiPort,
				dir);
	}

	/** What a killed Haven leaves behind, for tests: its Janus still running, and nobody watching over it. */
	synchronized void abandon() {
		stopping = true;
		rooms = null;
		process = null;
	}

	/** Haven's Janus ended: unless Haven stopped it, it is started again. */
	private synchronized void exited(Process ended) {
		if (stopping || process != ended) {
			return;
		}
		log.warn("Janus exited unexpectedly (pid {}, code {}); starting it again", ended.pid(), ended.exitValue());
		JanusRooms gone = rooms;
		rooms = null;
		process = null;
		apiUrl = null;
		if (gone != null) {
			gone.close();
		}
		if (supervisor == null) {
			supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
				Thread thread = new Thread(runnable, "janus-supervisor");
				thread.setDaemon(true);
				return thread;
			});
		}
		supervisor.schedule(() -> restart(1), RESTART_FIRST.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void restart(int attempt) {
		synchronized (this) {
			if (stopping || rooms != null) {
				return;
			}
			try {
				startAuto();
				log.info("Janus is back after {} attempt(s)", attempt);
			}
			catch (RuntimeException ex) {
				long delay = Math.min(RESTART_FIRST.toMillis() << Math.min(attempt, 10), RESTART_MAX.toMillis());
				log.error("Janus could not be started again (attempt {}): {}; next try in {} s", attempt,
						ex instanceof JanusException ? ex.getMessage() : ex.getClass().getSimpleName(), delay / 1000.0);
				supervisor.schedule(() -> restart(attempt + 1), delay, TimeUnit.MILLISECONDS);
				return;
			}
		}
		for (Runnable listener : restartListeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				log.warn("a Janus restart listener failed: {}", ex.getClass().getSimpleName());
			}
		}
	}

	/** Janus logs a failed WebSocket bind, then exits for want of a transport: another process took the port. */
	private static boolean bindFailed(Path dir) {
		try {
			String logged = Files.readString(dir.resolve("janus.log"), StandardCharsets.UTF_8);
			return logged.contains("Error creating vhost") || logged.contains("No Janus API transport is available");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void prepare(Path dir) throws IOException {
		Files.createDirectories(dir);
		try {
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: nothing more to tighten
		}
	}

	/** A Janus from an earlier Haven that was killed before it could stop it: recognised by its pid file. */
	private static void stopLeftover(Path dir) {
		Path pidFile = dir.resolve("janus.pid");
		try {
			if (!Files.isRegularFile(pidFile)) {
				return;
			}
			long pid = Long.parseLong(Files.readString(pidFile).strip());
			String config = dir.resolve("janus.jcfg").toString();
			ProcessHandle.of(pid)
				.filter(handle -> handle.info().commandLine().map(line -> line.contains(config)).orElse(false))
				.ifPresent(handle -> {
					log.info("Stopping a Janus left over by an earlier run (pid {})", pid);
					stopProcess(handle);
				});
		}
		catch (IOException | NumberFormatException ex) {
			log.debug("No usable Janus pid file");
		}
	}

	static void stopProcess(ProcessHandle handle) {
		List<ProcessHandle> tree = new ArrayList<>(handle.descendants().toList());
		tree.add(handle);
		tree.forEach(ProcessHandle::destroy);
		for (ProcessHandle member : tree) {
			try {
				member.onExit().get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				member.destroyForcibly();
			}
		}
	}

	static Optional<Path> findBinary(String binary) {
		if (binary.contains("/")) {
			Path path = Path.of(binary);
			return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
		}
		List<String> dirs = new ArrayList<>();
		String pathVariable = System.getenv("PATH");
		if (pathVariable != null) {
			dirs.addAll(List.of(pathVariable.split(":")));
		}
		dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/opt/janus/bin"));
		return dirs.stream()
			.filter(dir -> !dir.isBlank())
			.map(dir -> Path.of(dir, binary))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static Optional<Path> findLibraries() {
		return LIBRARY_DIRS.stream()
			.map(Path::of)
			.filter(dir -> Files.exists(dir.resolve("plugins/libjanus_videoroom.so"))
					&& Files.exists(dir.resolve("transports/libjanus_websockets.so")))
			.findFirst();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw JanusException.unavailable("interrupted while starting Janus", ex);
		}
	}

	/** The WebSocket port was taken between choosing it and Janus binding it: try other ports. */
	private static final class PortTaken extends RuntimeException {

		PortTaken() {
			super(null, null, false, false);
		}

	}

}
