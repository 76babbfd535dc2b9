package health.haven.bench;

import health.haven.identity.Accounts;
import health.haven.identity.CareTeams;
import health.haven.identity.NewAccount;
import health.haven.identity.Role;
import health.haven.identity.SecondFactors;
import health.haven.records.Clients;
import health.haven.records.NewClient;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secure-messaging benchmark behind {@code bench/messaging.sh}, on a Haven started by {@link TestServer} (embedded
 * PostgreSQL, demo organization, real TLS, notification e-mail to an in-process SMTP server):
 * {@code bench.users} portal users (half clients, half clinicians; each client and one clinician share a care team
 * and a thread), every one signed in for real (password, and TOTP for the clinicians), concurrently. Each user, on
 * their own keep-alive TLS connection, in a loop: sends a message to the pair's thread, then reads the thread as the
 * other person (their session, their connection) until the message shows, then asks for their own unread count and
 * pauses {@code bench.think-ms} (randomized +-50 %) as a person would between messages.
 *
 * <p>Send-to-visible is the time from the start of the send until the recipient's read that first shows it: the send
 * (sealed, decided, audited in its transaction, notification queued) plus the recipient's read (decided, audited
 * durably before the data leaves, opened). Every response is checked; a wrong one counts as an error.
 * Last line: {@code messaging: users=N per_s=N send_to_visible_p99_ms=N errors=N} (per_s: messages sent per second).
 */
public final class MessagingBench {

	private static final ActorRef SETUP = ActorRef.system("messaging-bench");

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	public static void main(String[] args) {
		try {
			run();
		}
		catch (Throwable failure) {
			failure.printStackTrace();
			System.err.println("messaging benchmark FAILED: " + failure.getMessage());
			System.exit(1);
		}
		System.exit(0);
	}

	static void run() throws Exception {
		IdentityBench.quietLogging();
		int users = Math.max(2, Integer.getInteger("bench.users", 200) / 2 * 2);
		int seconds = Integer.getInteger("bench.seconds", 60);
		int warmup = Integer.getInteger("bench.warmup-seconds", 5);
		int think = Integer.getInteger("bench.think-ms", 1000);

		long t0 = System.nanoTime();
		TestServer server = TestServer.get();
		IdentityBench.quietLogging();
		log("Haven started in %.1f s", (System.nanoTime() - t0) / 1e9);
		OrgId org = new OrgId(server.superuserDb()
			.sql("SELECT org_id FROM operations.demo_seed")
			.query(UUID.class)
			.single());

		long seeding = System.nanoTime();
		List<Pair> pairs = seed(server, org, users / 2);
		log("%d users signed in (clients with a password, clinicians with password and TOTP) in %.1f s", users,
				(System.nanoTime() - seeding) / 1e9);

		List<User> everyone = new ArrayList<>();
		for (Pair pair : pairs) {
			everyone.add(new User(pair.client(), pair.clinician(), pair.thread()));
			everyone.add(new User(pair.clinician(), pair.client(), pair.thread()));
		}
		Result warm = drive(server, everyone, warmup, think);
		log("warm-up: %s", warm);
		Result result = drive(server, everyone, seconds, think);
		log("measured: %s", result);
		System.out.printf(Locale.ROOT, "messaging: users=%d per_s=%.0f send_to_visible_p99_ms=%.0f errors=%d%n",
				users, result.sendsPerSecond(), result.p99Ms(), result.errors());
		System.out.flush();
	}

	/**
	 * {@code count} pairs: a care team with one new clinician and one new client (a record and a portal account), both
	 * signed in for real, eight at a time; the client starts the pair's thread.
	 */
	private static List<Pair> seed(TestServer server, OrgId org, int count) throws Exception {
		Accounts accounts = server.bean(Accounts.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		Clients clients = server.bean(Clients.class);
		SecondFactors factors = server.bean(SecondFactors.class);
		String password = "a long enough passphrase for the messaging benchmark";
		String run = UUID.randomUUID().toString().substring(0, 6);
		List<DemoAccounts.Account[]> people = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			UUID team = careTeams.createCareTeam(SETUP, org, Optional.empty(), "Bench messaging team " + run + "-" + i);
			ClientId record = clients.register(SETUP, org,
					new NewClient("Bench Client " + i, LocalDate.of(1990, 1, 1 + i % 28), "TX", null));
			careTeams.assignClient(SETUP, org, team, record);
			String clientEmail = "bench-msg-client-" + run + "-" + i + "@demo.haven.test";
			UserId client = accounts.open(SETUP, new NewAccount(org, clientEmail, "Bench Client " + i, password,
					Set.of(Role.CLIENT)));
			careTeams.linkClientAccount(SETUP, org, record, client);
			String clinicianEmail = "bench-msg-clinician-" + run + "-" + i + "@demo.haven.test";
			UserId clinician = accounts.open(SETUP, new NewAccount(org, clinicianEmail, "Bench Clinician " + i,
					password, Set.of(Role.CLINICIAN)));
			careTeams.addMember(SETUP, org, team, clinician);
			String secret = factors.provisionTotp(SETUP, org, clinician).secret();
			people.add(new DemoAccounts.Account[] {
					new DemoAccounts.Account(clientEmail, password, List.of("CLIENT"), "Bench", null),
					new DemoAccounts.Account(clinicianEmail, password, List.of("CLINICIAN"), "Bench", secret) });
		}
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Pair>> pending = new ArrayList<>();
			for (DemoAccounts.Account[] pair : people) {
				pending.add(pool.submit(() -> {
					Session client = signIn(server, pair[0]);
					Session clinician = signIn(server, pair[1]);
					HttpResponse<String> started = client.http().postJson("/api/v1/messages/threads",
							"{\"subject\":\"Bench\",\"body\":\"First message\"}");
					if (started.statusCode() != 201) {
						throw new IllegalStateException("a bench thread could not be started: " + started.statusCode());
					}
					String thread = started.body().replaceAll(".*\"id\"\\s*:\\s*\"([0-9a-f-]{36})\".*", "$1");
					return new Pair(client, clinician, thread);
				}));
			}
			List<Pair> pairs = new ArrayList<>();
			for (Future<Pair> pair : pending) {
				pairs.add(pair.get());
			}
			return pairs;
		}
		finally {
			pool.shutdown();
		}
	}

	private static Session signIn(TestServer server, DemoAccounts.Account account) {
		Http http = new Http(server);
		String location = Http.location(http.signIn(account));
		if (location.contains("error")) {
			throw new IllegalStateException("a bench user could not sign in: " + location);
		}
		Matcher csrf = CSRF.matcher(http.get("/").body());
		if (!csrf.find()) {
			throw new IllegalStateException("no CSRF token on the home page after signing in");
		}
		String cookie = "HAVEN_SESSION=" + http.cookie("HAVEN_SESSION")
			.orElseThrow(() -> new IllegalStateException("no session cookie after signing in"));
		return new Session(http, cookie, csrf.group(1));
	}

	/** Every user in a thread of their own for {@code seconds}; collects send-to-visible times and errors. */
	private static Result drive(TestServer server, List<User> users, int seconds, int think)
			throws InterruptedException {
		long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		List<long[]> latencies = new ArrayList<>();
		int[] counts = new int[users.size()];
		AtomicLong errors = new AtomicLong();
		AtomicReference<String> firstError = new AtomicReference<>();
		CountDownLatch done = new CountDownLatch(users.size());
		for (int u = 0; u < users.size(); u++) {
			long[] mine = new long[100_000];
			latencies.add(mine);
			int slot = u;
			User user = users.get(u);
			Thread thread = new Thread(() -> {
				try (KeepAliveClient own = new KeepAliveClient(server.sslContext(), server.uri("/"));
						KeepAliveClient theirs = new KeepAliveClient(server.sslContext(), server.uri("/"))) {
					String path = "/api/v1/messages/threads/" + user.thread();
					ThreadLocalRandom random = ThreadLocalRandom.current();
					Thread.sleep(random.nextInt(Math.max(1, think)));
					int n = 0;
					while (System.nanoTime() < end && n < mine.length) {
						String marker = "bench-" + UUID.randomUUID();
						long start = System.nanoTime();
						KeepAliveClient.Response sent = own.postJson(path + "/messages", user.self().cookie(),
								user.self().csrf(), "{\"body\":\"" + marker + "\"}");
						if (sent.status() != 201) {
							error(errors, firstError, "send answered " + sent.status());
							continue;
						}
						boolean visible = false;
						for (int tries = 0; tries < 50 && !visible; tries++) {
							KeepAliveClient.Response read = theirs.get(path, user.other().cookie(), "application/json");
							if (read.status() != 200) {
								error(errors, firstError, "read answered " + read.status());
								break;
							}
							visible = read.body().contains(marker);
						}
						long elapsed = System.nanoTime() - start;
						if (!visible) {
							error(errors, firstError, "a sent message did not show to the recipient");
							continue;
						}
						mine[n++] = elapsed;
						KeepAliveClient.Response unread = own.get("/api/v1/messages/unread", user.self().cookie(),
								"application/json");
						if (unread.status() != 200 || !unread.body().contains("\"unread\"")) {
							error(errors, firstError, "unread count answered " + unread.status());
						}
						if (think > 0) {
							Thread.sleep(think / 2 + random.nextInt(Math.max(1, think)));
						}
					}
					counts[slot] = n;
				}
				catch (Exception ex) {
					error(errors, firstError, ex.toString());
				}
				finally {
					done.countDown();
				}
			}, "bench-user-" + u);
			thread.setDaemon(true);
			thread.start();
		}
		done.await();
		if (firstError.get() != null) {
			log("first error: %s", firstError.get());
		}
		int total = Arrays.stream(counts).sum();
		long[] all = new long[total];
		int at = 0;
		for (int u = 0; u < users.size(); u++) {
			System.arraycopy(latencies.get(u), 0, all, at, counts[u]);
			at += counts[u];
		}
		Arrays.sort(all);
		return new Result(total / (double) seconds, percentile(all, 0.50), percentile(all, 0.99), errors.get());
	}

	private static void error(AtomicLong errors, AtomicReference<String> first, String what) {
		errors.incrementAndGet();
		first.compareAndSet(null, what);
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
	}

	private static void log(String format, Object... args) {
		System.err.printf(Locale.ROOT, "messaging: " + format + "%n", args);
	}

	private record Session(Http http, String cookie, String csrf) {
	}

	private record Pair(Session client, Session clinician, String thread) {
	}

	private record User(Session self, Session other, String thread) {
	}

	private record Result(double sendsPerSecond, double p50Ms, double p99Ms, long errors) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%.0f sends/s, send-to-visible p50 %.0f ms, p99 %.0f ms, %d errors",
					sendsPerSecond, p50Ms, p99Ms, errors);
		}

	}

}
