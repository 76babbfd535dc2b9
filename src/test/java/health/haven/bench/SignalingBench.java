package health.haven.bench;

import health.haven.shared.OrgId;
import health.haven.support.TestServer;
import health.haven.telehealth.internal.Presence;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;

/**
 * The signaling benchmark behind {@code bench/signaling.sh}, on a Haven started by {@link TestServer} (embedded
 * PostgreSQL, demo organization, real TLS) in the {@code bench} profile, in this JVM (so that the server's heap is
 * read here, after a full collection).
 *
 * <p>{@code bench.rooms} rooms of {@code bench.room-size} people (one host, the rest guests), seeded and opened by
 * {@link SignalingRooms} (the one class that knows how rooms, sessions and join gates come about). Everyone signs in for real (password and TOTP,
 * {@link BenchSignIn}); then each round opens fresh rooms and runs, with every participant on its own WebSocket over
 * TLS ({@link SignalingPeer}, the JDK's asynchronous client): the hosts connect and join, then the guests arrive
 * spread evenly over {@code bench.arrival-seconds} (30 by default), each connecting as it arrives and joining at once,
 * are admitted by their host, exchange keys and an offer/answer with the host, and leave; the host leaves last. The
 * first round warms up (JIT, pools, the server's connection caches); the second is measured; a third, the burst, has
 * every socket open first and every guest join at the same moment (with {@code bench.arrival-seconds=0} the measured
 * round is that burst and no third round runs). The server's heap is read after a full collection before and after
 * the measured round, with the load client's sockets and threads gone; the live rooms must be back to 0. The figures
 * of the last line are the measured round's, then the burst's; the warm-up round's failures are printed beside them.
 * Progress goes to standard error; the last line of standard output is the result.
 */
public final class SignalingBench {

	public static void main(String[] args) {
		try {
			run();
		}
		catch (Throwable failure) {
			failure.printStackTrace();
			System.err.println("signaling benchmark FAILED: " + failure.getMessage());
			System.exit(1);
		}
		System.exit(0);
	}

	static void run() throws Exception {
		int rooms = Integer.getInteger("bench.rooms", 100);
		int roomSize = Integer.getInteger("bench.room-size", 10);
		Duration step = Duration.ofSeconds(Integer.getInteger("bench.step-timeout-seconds", 10));
		int signInWorkers = Integer.getInteger("bench.sign-in-workers", 4);
		boolean sample = Boolean.getBoolean("bench.sample");
		Duration arrival = Duration.ofSeconds(Integer.getInteger("bench.arrival-seconds", 30));
		SignalingRooms.requireSupported(roomSize);
		// The telehealth test hook keeps every message the server sends in memory: not in a heap benchmark.
		System.setProperty("haven.telehealth.test-hooks", "false");
		IdentityBench.quietLogging();

		long t0 = System.nanoTime();
		TestServer server = TestServer.get();
		IdentityBench.quietLogging();
		if (!Arrays.asList(server.context().getEnvironment().getActiveProfiles()).contains("bench")) {
			throw new IllegalStateException("Haven did not start in the bench profile");
		}
		log("Haven started in %.1f s", seconds(t0));

		OrgId org = new OrgId(server.superuserDb()
			.sql("SELECT org_id FROM operations.demo_seed")
			.query(UUID.class)
			.single());
		SignalingRooms setup = new SignalingRooms(server, org);
		t0 = System.nanoTime();
		List<SignalingRooms.Group> groups = seed(setup, rooms, roomSize, signInWorkers);
		int participants = rooms * roomSize;
		log("seeded %d rooms of %d (%d accounts with TOTP, care teams, client records) in %.1f s", rooms, roomSize,
				participants, seconds(t0));

		List<SignalingRooms.Person> people = new ArrayList<>();
		for (SignalingRooms.Group group : groups) {
			people.add(group.host());
			people.addAll(group.guests());
		}
		t0 = System.nanoTime();
		List<String> cookies = BenchSignIn.sessions(server, people, signInWorkers);
		log("%d people signed in (password and TOTP, %d at a time) in %.1f s", people.size(), signInWorkers,
				seconds(t0));

		Presence presence = server.bean(Presence.class);
		long heapBeforeWarmup = heapUsedAfterGc();
		Round warmup = round(server, setup, groups, open(setup, groups), cookies, step, arrival, false);
		log("warm-up round: %s", warmup);
		awaitNoLiveRooms(presence);
		List<UUID> measuredRooms = open(setup, groups);
		// The start histogram first, so that it is in the heap at both readings (it holds thousands of entries).
		Map<String, long[]> histogramStart = sample ? classHistogram() : Map.of();
		long heapStart = heapUsedAfterGc();
		long transactionsBefore = transactions(server);
		Round measured = round(server, setup, groups, measuredRooms, cookies, step, arrival, sample);
		long transactions = transactions(server) - transactionsBefore;
		log("measured round: %s", measured);
		log("PostgreSQL transactions in the measured round (handshakes, signaling, join gates, sessions): %d, "
				+ "%.1f per room, %.1f per message the clients sent", transactions, transactions / (double) rooms,
				transactions / (double) measured.sent());
		int liveRooms = awaitNoLiveRooms(presence);
		long heapAfter = heapUsedAfterGc();
		if (sample) {
			log("heap growth by class over the measured round (live objects after a full GC): %s",
					histogramGrowth(histogramStart, classHistogram(), 12));
		}
		long openPresence = server.superuserDb()
			.sql("SELECT count(*) FROM telehealth.room_presence WHERE left_at IS NULL AND room_id = ANY (?)")
			.param(measured.rooms().toArray(UUID[]::new))
			.query(Long.class)
			.single();
		// With arrivals spread out, the worst case too, after the heap readings: every guest joining at one moment.
		Round burst = null;
		if (!arrival.isZero()) {
			burst = round(server, setup, groups, open(setup, groups), cookies, step, Duration.ZERO, false);
			log("burst round (every guest joining at the same moment): %s", burst);
			awaitNoLiveRooms(presence);
		}

		int errors = measured.failed();
		double growthMb = (heapAfter - heapStart) / 1048576.0;
		System.out.printf(Locale.ROOT, "signaling: join_to_admitted p50=%.0fms p99=%.0fms max=%.0fms (%d admitted)%n",
				measured.admitP50Ms(), measured.admitP99Ms(), measured.admitMaxMs(), measured.admitted());
		System.out.printf(Locale.ROOT,
				"signaling: heap_mb before_warmup=%.0f start=%.0f after=%.0f growth=%.1f (used, after a full GC)%n",
				mb(heapBeforeWarmup), mb(heapStart), mb(heapAfter), growthMb);
		System.out.printf(Locale.ROOT, "signaling: live_rooms_after=%d open_presence_rows_after=%d%n", liveRooms,
				openPresence);
		System.out.printf(Locale.ROOT, "signaling: errors warmup=%d %s measured=%d %s%n", warmup.failed(),
				warmup.errors(), measured.failed(), measured.errors());
		System.out.printf(Locale.ROOT,
				"signaling: targets admit_p99<=200ms %s; errors=0 %s%s; heap back near start %s%n",
				measured.admitP99Ms() <= 200 ? "met" : "MISSED", errors == 0 ? "met" : "MISSED",
				warmup.failed() == 0 ? "" : " (but " + warmup.failed() + " failed in the warm-up round)",
				growthMb <= 16 && liveRooms == 0 && openPresence == 0 ? "met" : "MISSED");
		if (burst != null) {
			System.out.printf(Locale.ROOT,
					"signaling: burst (all guests at one moment) join_to_admitted p50=%.0fms p99=%.0fms errors=%d%n",
					burst.admitP50Ms(), burst.admitP99Ms(), burst.failed());
		}
		System.out.printf(Locale.ROOT, "signaling: participants=%d admit_p99_ms=%d errors=%d heap_growth_mb=%d%s%n",
				participants, measured.admitted() == 0 ? -1 : Math.round(measured.admitP99Ms()), errors,
				Math.round(growthMb), burst == null ? " arrival_s=0"
						: " arrival_s=" + arrival.toSeconds() + " burst_admit_p99_ms=" + Math.round(burst.admitP99Ms())
								+ " burst_errors=" + burst.failed());
		System.out.flush();
	}

	/** Seeds the rooms' people on a few threads (each account's password hash is Argon2: CPU-bound). */
	private static List<SignalingRooms.Group> seed(SignalingRooms setup, int rooms, int roomSize, int workers)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("bench-seed"));
		try {
			List<Future<SignalingRooms.Group>> seeded = new ArrayList<>();
			for (int r = 0; r < rooms; r++) {
				int index = r;
				seeded.add(pool.submit(() -> setup.seed(index, roomSize)));
			}
			List<SignalingRooms.Group> groups = new ArrayList<>();
			for (Future<SignalingRooms.Group> group : seeded) {
				groups.add(group.get());
			}
			return groups;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Fresh rooms for a round, one per group, opened (and their join gates met) before the round starts. */
	private static List<UUID> open(SignalingRooms setup, List<SignalingRooms.Group> groups) {
		return groups.stream().map(setup::open).toList();
	}

	/** One round on fresh rooms: everyone connects, hosts join, guests join at once, exchange, leave. */
	private static Round round(TestServer server, SignalingRooms setup, List<SignalingRooms.Group> groups,
			List<UUID> roomIds, List<String> cookies, Duration step, Duration arrival, boolean sample)
			throws Exception {
		SignalingPeer.Tally tally = new SignalingPeer.Tally();
		List<SignalingPeer> peers = new ArrayList<>();
		List<SignalingPeer> hosts = new ArrayList<>();
		List<SignalingPeer> guests = new ArrayList<>();
		List<Long> arrivals = new ArrayList<>();
		List<URI> signals = new ArrayList<>();
		int guestCount = groups.stream().mapToInt(group -> group.guests().size()).sum();
		for (int r = 0; r < groups.size(); r++) {
			SignalingRooms.Group group = groups.get(r);
			URI signal = URI.create("wss://localhost:" + server.port() + "/telehealth/signal?room=" + roomIds.get(r));
			SignalingPeer host = new SignalingPeer(true, r, group.guests().size(), setup.join(group.host()), tally,
					step);
			hosts.add(host);
			peers.add(host);
			signals.add(signal);
			for (int g = 0; g < group.guests().size(); g++) {
				SignalingPeer guest = new SignalingPeer(false, r, 0, setup.join(group.guests().get(g)), tally, step);
				// Spread over the arrival time, each room's guests evenly apart, the rooms interleaved.
				arrivals.add(arrival.toNanos() * ((long) g * groups.size() + r) / Math.max(1, guestCount));
				guests.add(guest);
				peers.add(guest);
				signals.add(signal);
			}
		}
		ExecutorService clientThreads = Executors.newFixedThreadPool(4, daemon("bench-ws"));
		ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon("bench-watchdog"));
		watchdog.scheduleAtFixedRate(() -> {
			long now = System.nanoTime();
			peers.forEach(peer -> peer.checkDeadline(now));
		}, 200, 200, TimeUnit.MILLISECONDS);
		try {
			HttpClient http = HttpClient.newBuilder()
				.sslContext(server.sslContext())
				.executor(clientThreads)
				.connectTimeout(step)
				.build();
			String origin = "https://localhost:" + server.port();
			boolean spread = !arrival.isZero();
			long start = System.nanoTime();
			List<CompletableFuture<?>> connecting = new ArrayList<>();
			for (int i = 0; i < peers.size(); i++) {
				// Spread arrivals: a guest opens its socket as it arrives (as the room page does), below.
				if (!spread || peers.get(i).host) {
					connecting.add(peers.get(i).connect(http, signals.get(i), cookies.get(i), origin));
				}
			}
			await(connecting, step.multipliedBy(2));
			double connectSeconds = seconds(start);

			hosts.forEach(SignalingPeer::join);
			await(hosts.stream().map(host -> host.joined).toList(), step.multipliedBy(2));
			double hostsJoinedSeconds = seconds(start) - connectSeconds;

			long guestsStart = System.nanoTime();
			ThreadSampler sampler = sample ? new ThreadSampler(name -> name.contains("-exec-"), 5) : null;
			hosts.forEach(host -> host.expectGuests(guestsStart + arrival.toNanos()));
			for (int i = 0; i < guests.size(); i++) {
				SignalingPeer guest = guests.get(i);
				if (!spread) {
					guest.join();
				}
				else {
					// The guest's own peer index: hosts and guests alternate room by room in peers and signals.
					int peer = peers.indexOf(guest);
					watchdog.schedule(() -> guest.connect(http, signals.get(peer), cookies.get(peer), origin)
						.thenRun(guest::join), arrivals.get(i), TimeUnit.NANOSECONDS);
				}
			}
			// Every step of every participant is bounded by the watchdog; this bounds the round as a whole.
			try {
				await(peers.stream().map(peer -> peer.done).toList(), step.multipliedBy(12).plus(arrival));
			}
			finally {
				if (sampler != null) {
					sampler.close();
					log("server request threads while guests joined and exchanged: %s", sampler.report(15));
				}
			}
			double exchangeSeconds = seconds(guestsStart);
			long[] admit = tally.admitNanos.stream().mapToLong(Long::longValue).sorted().toArray();
			long[] connect = peers.stream().mapToLong(peer -> peer.connectNanos).filter(n -> n > 0).sorted().toArray();
			return new Round(peers.size(), roomIds, connectSeconds, connect, hostsJoinedSeconds, exchangeSeconds, admit,
					tally.failedParticipants.get(), counts(tally.errors), counts(tally.ignored), tally.sent.get(),
					tally.received.get());
		}
		finally {
			watchdog.shutdownNow();
			clientThreads.shutdownNow();
			forgetClientTlsSessions(server);
		}
	}

	/**
	 * Drops the load client's cached TLS sessions (kept by the test server's client context, in this JVM): they are
	 * the load client's memory, not the server's, and would otherwise count as the server's heap growth. (The
	 * server's own session cache stays: it is the server's memory, bounded by the JDK's cache size.)
	 */
	private static void forgetClientTlsSessions(TestServer server) {
		javax.net.ssl.SSLSessionContext cache = server.sslContext().getClientSessionContext();
		for (byte[] id : java.util.Collections.list(cache.getIds())) {
			javax.net.ssl.SSLSession session = cache.getSession(id);
			if (session != null) {
				session.invalidate();
			}
		}
	}

	private static Map<String, Integer> counts(Map<String, AtomicInteger> counters) {
		Map<String, Integer> counts = new TreeMap<>();
		counters.forEach((key, count) -> counts.put(key, count.get()));
		return counts;
	}

	/** Waits for all; whatever is still running after {@code bound} is a failure of the benchmark itself. */
	private static void await(List<? extends CompletableFuture<?>> futures, Duration bound) throws Exception {
		try {
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
				.handle((ok, failure) -> null)
				.get(bound.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			long pending = futures.stream().filter(future -> !future.isDone()).count();
			throw new IllegalStateException(pending + " participants still busy after " + bound.toSeconds() + " s");
		}
	}

	/** Transactions committed or rolled back in Haven's database so far (PostgreSQL's statistics, a superuser's view). */
	private static long transactions(TestServer server) {
		return server.superuserDb()
			.sql("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")
			.query(Long.class)
			.single();
	}

	/** Waits (up to 5 s) for the server to forget every room whose participants all left; returns what is left. */
	private static int awaitNoLiveRooms(Presence presence) throws InterruptedException {
		long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (presence.liveRooms() > 0 && System.nanoTime() < until) {
			Thread.sleep(50);
		}
		return presence.liveRooms();
	}

	/** The heap in use after full collections (Haven runs in this JVM with the serial collector, as ./haven runs). */
	private static long heapUsedAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** Live objects by class ({@code jcmd GC.class_histogram}, in process): class name to {instances, bytes}. */
	private static Map<String, long[]> classHistogram() throws Exception {
		String table = (String) ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
					new Object[] { new String[0] }, new String[] { String[].class.getName() });
		Map<String, long[]> classes = new HashMap<>();
		for (String line : table.split("\n")) {
			String[] cells = line.trim().split("\\s+");
			if (cells.length >= 4 && cells[0].endsWith(":")) {
				classes.put(cells[3], new long[] { Long.parseLong(cells[1]), Long.parseLong(cells[2]) });
			}
		}
		return classes;
	}

	private static String histogramGrowth(Map<String, long[]> before, Map<String, long[]> after, int top) {
		StringBuilder out = new StringBuilder();
		after.entrySet()
			.stream()
			.map(entry -> Map.entry(entry.getKey(), new long[] {
					entry.getValue()[0] - before.getOrDefault(entry.getKey(), new long[2])[0],
					entry.getValue()[1] - before.getOrDefault(entry.getKey(), new long[2])[1] }))
			.sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
			.limit(top)
			.forEach(entry -> out.append(String.format(Locale.ROOT, "%n  %+8.2f MB %+9d  %s",
					entry.getValue()[1] / 1048576.0, entry.getValue()[0], entry.getKey())));
		return out.toString();
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger n = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static double mb(long bytes) {
		return bytes / 1048576.0;
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static void log(String format, Object... args) {
		System.err.printf(Locale.ROOT, "signaling: " + format + "%n", args);
	}

	/** What one round measured. */
	private record Round(int participants, List<UUID> rooms, double connectSeconds, long[] connectNanos,
			double hostsJoinedSeconds,
			double exchangeSeconds, long[] admitNanos, int failed, Map<String, Integer> errors,
			Map<String, Integer> ignored, long sent, long received) {

		int admitted() {
			return admitNanos.length;
		}

		double admitP50Ms() {
			return percentile(admitNanos, 0.50);
		}

		double admitP99Ms() {
			return percentile(admitNanos, 0.99);
		}

		double admitMaxMs() {
			return admitNanos.length == 0 ? Double.NaN : admitNanos[admitNanos.length - 1] / 1e6;
		}

		private static double percentile(long[] sorted, double p) {
			if (sorted.length == 0) {
				return Double.NaN;
			}
			return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"%d participants in %d rooms: connected in %.1f s (all, or the hosts when guests arrive spread out; "
							+ "handshake p50 %.0f ms, p99 %.0f ms), hosts joined in %.1f s, then guests "
							+ "joined (connecting as they arrived, when spread out), were admitted, exchanged and everyone left in %.1f s; join to admitted p50 %.0f ms, "
							+ "p99 %.0f ms, max %.0f ms; %d messages sent, %d received (%.0f/s), not acted on %s; "
							+ "%d failed %s",
					participants, rooms.size(), connectSeconds, percentile(connectNanos, 0.5),
					percentile(connectNanos, 0.99), hostsJoinedSeconds, exchangeSeconds, admitP50Ms(),
					admitP99Ms(), admitMaxMs(), sent, received, (sent + received) / exchangeSeconds, ignored, failed,
					errors);
		}

	}

}
