package health.haven.bench;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.NewAccount;
import health.haven.identity.SecondFactors;
import health.haven.identity.Role;
import health.haven.records.NewProgressNote;
import health.haven.records.ProgressNotes;
import health.haven.records.TreatmentPlans;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The chart-read benchmark behind {@code bench/chart-read.sh}, on a Haven started by {@link TestServer} (embedded
 * PostgreSQL, demo organization, real TLS) in the {@code bench} profile:
 * <ul>
 * <li><b>protected</b>: {@code GET /api/v1/clients/{id}/summary} as the demo clinician signed in with password and
 * TOTP: demographics, the current treatment plan and the five latest notes, decrypted, each part decided by the
 * policy decision point and audited (durably, before the data leaves) in the hash-chained trail;</li>
 * <li><b>baseline</b>: {@code GET /bench/chart-baseline/{id}} ({@link ChartReadBaseline}), the same rows in one
 * transaction, returned sealed: no decryption, no decision, no audit; same TLS, session and sign-in rules.</li>
 * </ul>
 * Each is driven by {@code bench.connections} client threads, each with its own HTTP/1.1 keep-alive TLS connection
 * ({@link KeepAliveClient}, light so that little of the two cores goes to the load generator),
 * sending one request after another for {@code bench.seconds} after {@code bench.warmup-seconds} of warm-up; the
 * baseline runs first, then the protected summary, in the same JVM and the same run. Every response is checked
 * (status 200 and the expected content): a failed request fails the benchmark rather than being counted as fast.
 * Each phase also reports the CPU time per request of Haven, PostgreSQL and the load client ({@link CpuMeter}): on a
 * shared machine it moves far less between runs than throughput does. Progress goes to standard error; the last
 * line of standard output is the result.
 */
public final class ChartReadBench {

	private static final ActorRef SETUP = ActorRef.system("chart-read-bench");

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	public static void main(String[] args) {
		try {
			run();
		}
		catch (Throwable failure) {
			failure.printStackTrace();
			System.err.println("chart-read benchmark FAILED: " + failure.getMessage());
			System.exit(1);
		}
		System.exit(0);
	}

	static void run() throws Exception {
		IdentityBench.quietLogging();
		int connections = Integer.getInteger("bench.connections", 16);
		int seconds = Integer.getInteger("bench.seconds", 30);
		int warmup = Integer.getInteger("bench.warmup-seconds", 5);

		long t0 = System.nanoTime();
		TestServer server = TestServer.get();
		IdentityBench.quietLogging();
		if (!Arrays.asList(server.context().getEnvironment().getActiveProfiles()).contains("bench")) {
			throw new IllegalStateException("Haven did not start in the bench profile");
		}
		log("Haven started in %.1f s", (System.nanoTime() - t0) / 1e9);

		JdbcClient superuser = server.superuserDb();
		OrgId org = new OrgId(superuser.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).single());
		Actor clinician = new Actor(org, new UserId(TestServer.accountIdOf("clinician@demo.haven.test")),
				Set.of(Role.CLINICIAN), null, "127.0.0.1");
		ClientId client = chartWithPlanAndNotes(server, superuser, clinician);
		log("reading the chart of one evening-team client: a plan and 5 of its signed notes");

		List<String> cookies = clinicianSessions(server, org, connections);
		log("%d clinicians of the evening team signed in (password and TOTP), one per connection", connections);
		String name = server.bean(health.haven.records.Clients.class).find(clinician, client, Purpose.TREATMENT).name();

		Target baseline = new Target("baseline", server.uri("/bench/chart-baseline/" + client), "\"sections\"");
		Target summary = new Target("protected", server.uri("/api/v1/clients/" + client + "/summary"),
				"\"recentNotes\"");
		summary.mustContain(name);

		Target floor = new Target("floor", server.uri("/bench/floor"), "\"sections\"");
		drive(server, cookies, floor, connections, warmup);
		Result bottom = drive(server, cookies, floor, connections, Math.max(5, seconds / 3));
		log("floor (signed-in request reading nothing): %s", bottom);
		drive(server, cookies, baseline, connections, warmup);
		drive(server, cookies, summary, connections, warmup);
		Result base = drive(server, cookies, baseline, connections, seconds);
		log("baseline: %s", base);
		Map<String, long[]> tablesBefore = Boolean.getBoolean("bench.table-stats") ? tableStats(superuser) : null;
		Result prot = drive(server, cookies, summary, connections, seconds);
		log("protected: %s", prot);
		if (tablesBefore != null) {
			Thread.sleep(1500); // PostgreSQL publishes a backend's statistics about once a second
			printTableStats(tablesBefore, tableStats(superuser), Math.round(prot.rps() * seconds));
		}

		double ratio = prot.rps() / base.rps();
		System.out.printf(Locale.ROOT, "chart-read: protected_rps=%.0f baseline_rps=%.0f ratio=%.2f "
				+ "protected_p99_ms=%.1f baseline_p99_ms=%.1f protected_p50_ms=%.1f protected_cpu_ms=%.2f "
				+ "baseline_cpu_ms=%.2f floor_cpu_ms=%.2f%n", prot.rps(), base.rps(), ratio, prot.p99Ms(), base.p99Ms(),
				prot.p50Ms(), prot.cpu().serverMs(), base.cpu().serverMs(), bottom.cpu().serverMs());
		System.out.flush();
	}

	/**
	 * The first evening-team client (the demo clinician's team) with a treatment plan, given signed notes until it
	 * has at least five, so that the summary reads a full page of notes.
	 */
	private static ClientId chartWithPlanAndNotes(TestServer server, JdbcClient superuser, Actor clinician) {
		List<UUID> team = superuser.sql("""
				SELECT c.client_id FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
				WHERE t.name = 'Evening SUD team' AND t.org_id = ? ORDER BY c.client_id""")
			.param(clinician.org().value())
			.query(UUID.class)
			.list();
		TreatmentPlans plans = server.bean(TreatmentPlans.class);
		ClientId client = team.stream()
			.map(ClientId::new)
			.filter(c -> plans.of(clinician, c, Purpose.TREATMENT).isPresent())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no evening-team client with a plan in the demo"));
		ProgressNotes notes = server.bean(ProgressNotes.class);
		int existing = notes.recent(clinician, client, Purpose.TREATMENT, 5).size();
		for (int i = existing; i < 5; i++) {
			UUID note = notes.create(clinician, client, new NewProgressNote("DAP", null, "GENERAL",
					LocalDate.now().minusDays(10 + i).toString(), false,
					Map.of("data", "Attended the evening group and spoke about the week's cravings. ".repeat(6),
							"assessment", "Engaged, mood steady; coping plan used twice since last session. ".repeat(4),
							"plan", "Continue IOP three evenings a week; review relapse-prevention plan next visit.")));
			notes.sign(clinician, client, note.toString(), 1);
		}
		return client;
	}

	/**
	 * One signed-in session per connection, each of a different clinician of the evening team, as when that many
	 * clinicians read charts at once (one shared session would serialize every request on its row's update of the
	 * last access time, which no real use does).
	 */
	private static List<String> clinicianSessions(TestServer server, OrgId org, int count) {
		Accounts accounts = server.bean(Accounts.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		UUID eveningTeam = careTeams.teams(org)
			.entrySet()
			.stream()
			.filter(team -> team.getValue().equals("Evening SUD team"))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow();
		String password = "a long enough passphrase for the chart benchmark";
		List<String> cookies = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String email = "bench-clinician-" + i + "@demo.haven.test";
			UserId user = accounts.open(SETUP, new NewAccount(org, email, "Bench Clinician " + i, password,
					Set.of(Role.CLINICIAN)));
			careTeams.addMember(SETUP, org, eveningTeam, user);
			String secret = server.bean(SecondFactors.class).provisionTotp(SETUP, org, user).secret();
			Http http = new Http(server);
			String location = Http.location(
					http.signIn(new DemoAccounts.Account(email, password, List.of("CLINICIAN"), "Bench", secret)));
			if (location.contains("error")) {
				throw new IllegalStateException("a bench clinician could not sign in: " + location);
			}
			cookies.add("HAVEN_SESSION=" + http.cookie("HAVEN_SESSION")
				.orElseThrow(() -> new IllegalStateException("no session cookie after signing in")));
		}
		return cookies;
	}

	/** Runs {@code connections} threads against one target for {@code seconds} and collects every latency. */
	private static Result drive(TestServer server, List<String> cookies, Target target, int connections, int seconds)
			throws InterruptedException {
		CpuMeter cpu = CpuMeter.of(server.dataDir().resolve("postgres"));
		AtomicLong clientCpu = new AtomicLong();
		cpu.start();
		long begin = System.nanoTime();
		long end = begin + Duration.ofSeconds(seconds).toNanos();
		List<long[]> latencies = new ArrayList<>();
		List<int[]> startedAt = new ArrayList<>();
		int[] counts = new int[connections];
		AtomicReference<String> failure = new AtomicReference<>();
		CountDownLatch done = new CountDownLatch(connections);
		for (int t = 0; t < connections; t++) {
			long[] mine = new long[200_000];
			int[] mineStarted = new int[mine.length];
			latencies.add(mine);
			startedAt.add(mineStarted);
			int slot = t;
			Thread thread = new Thread(() -> {
				long cpuAtStart = THREADS.getCurrentThreadCpuTime();
				try (KeepAliveClient http = new KeepAliveClient(server.sslContext(), target.uri())) {
					String path = target.uri().getRawPath();
					int n = 0;
					while (System.nanoTime() < end && failure.get() == null && n < mine.length) {
						long start = System.nanoTime();
						KeepAliveClient.Response response = http.get(path, cookies.get(slot), "application/json");
						mineStarted[n] = (int) ((start - begin) / 1_000_000);
						mine[n++] = System.nanoTime() - start;
						if (response.status() != 200 || !target.accepts(response.body())) {
							failure.compareAndSet(null, target.name() + " answered " + response.status());
						}
					}
					counts[slot] = n;
				}
				catch (Exception ex) {
					failure.compareAndSet(null, target.name() + ": " + ex);
				}
				finally {
					clientCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuAtStart);
					done.countDown();
				}
			}, "bench-" + target.name() + "-" + t);
			thread.setDaemon(true);
			thread.start();
		}
		done.await();
		if (failure.get() != null) {
			throw new IllegalStateException(failure.get());
		}
		int total = Arrays.stream(counts).sum();
		long[] all = new long[total];
		int at = 0;
		for (int t = 0; t < connections; t++) {
			System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
			at += counts[t];
		}
		if (Boolean.getBoolean("bench.timeline")) {
			printTimeline(target.name(), latencies, startedAt, counts, seconds);
		}
		Arrays.sort(all);
		return new Result(total / (double) seconds, percentile(all, 0.50), percentile(all, 0.99),
				cpu.stop(Math.max(1, total), clientCpu.get()));
	}

	/**
	 * With {@code -Dbench.timeline=true}: the seconds of a phase whose slowest requests were slowest, to tell a tail
	 * spread over the whole run (scheduling) from one gathered in a few moments (a pause, a checkpoint).
	 */
	private static void printTimeline(String phase, List<long[]> latencies, List<int[]> startedAt, int[] counts,
			int seconds) {
		List<List<Long>> perSecond = new ArrayList<>();
		for (int i = 0; i <= seconds; i++) {
			perSecond.add(new ArrayList<>());
		}
		for (int t = 0; t < counts.length; t++) {
			for (int n = 0; n < counts[t]; n++) {
				perSecond.get(Math.min(seconds, startedAt.get(t)[n] / 1000)).add(latencies.get(t)[n]);
			}
		}
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < seconds; i++) {
			long[] sorted = perSecond.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
			if (sorted.length > 0) {
				line.append(String.format(Locale.ROOT, " %d:%.0f/%.0f", i, percentile(sorted, 0.99),
						sorted[sorted.length - 1] / 1e6));
			}
		}
		log("%s timeline (second: p99/max ms):%s", phase, line);
	}

	/** Scans, rows read and rows written per table ({@code pg_stat_user_tables}), by schema-qualified name. */
	private static Map<String, long[]> tableStats(JdbcClient superuser) {
		Map<String, long[]> stats = new java.util.TreeMap<>();
		superuser.sql("""
				SELECT schemaname || '.' || relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0),
				       coalesce(idx_tup_fetch, 0), n_tup_ins + n_tup_upd + n_tup_del
				FROM pg_stat_user_tables""")
			.query((rs, n) -> stats.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3), rs.getLong(4),
					rs.getLong(5), rs.getLong(6) }))
			.list();
		return stats;
	}

	/** The tables the protected phase used, per request (with {@code -Dbench.table-stats=true}). */
	private static void printTableStats(Map<String, long[]> before, Map<String, long[]> after, long requests) {
		after.forEach((table, now) -> {
			long[] then = before.getOrDefault(table, new long[now.length]);
			double[] per = new double[now.length];
			boolean used = false;
			for (int i = 0; i < now.length; i++) {
				per[i] = (now[i] - then[i]) / (double) requests;
				used |= per[i] >= 0.01;
			}
			if (used) {
				log("table %-45s seq scans %5.2f (rows %8.1f), index scans %5.2f (rows %6.1f), rows written %5.2f",
						table, per[0], per[1], per[2], per[3], per[4]);
			}
		});
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
	}

	private static void log(String format, Object... args) {
		System.err.printf(Locale.ROOT, "chart-read: " + format + "%n", args);
	}

	private static final class Target {

		private final String name;

		private final URI uri;

		private final List<String> expected = new ArrayList<>();

		Target(String name, URI uri, String expected) {
			this.name = name;
			this.uri = uri;
			this.expected.add(expected);
		}

		void mustContain(String text) {
			expected.add(text);
		}

		String name() {
			return name;
		}

		URI uri() {
			return uri;
		}

		boolean accepts(String body) {
			return expected.stream().allMatch(body::contains);
		}

	}

	private record Result(double rps, double p50Ms, double p99Ms, CpuMeter.Reading cpu) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%.0f requests/s, p50 %.1f ms, p99 %.1f ms; %s", rps, p50Ms, p99Ms,
					cpu);
		}

	}

}
