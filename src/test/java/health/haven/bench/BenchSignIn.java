package health.haven.bench;

import health.haven.support.TestServer;
import health.haven.support.TotpCodes;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real sign-ins for many people at once, as their browsers would: the sign-in page (for its CSRF token), the password,
 * the TOTP page and a code from the person's secret; the result is the session cookie. A few workers, each with one
 * HTTP client and one cookie jar emptied between people (a client per person would leave a selector thread per
 * person behind on Java 17, whose HTTP client cannot be closed).
 */
final class BenchSignIn {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private BenchSignIn() {
	}

	/** The {@code HAVEN_SESSION=...} cookie of each person, in order; fails on the first sign-in that fails. */
	static List<String> sessions(TestServer server, List<SignalingRooms.Person> people, int workers)
			throws Exception {
		String[] cookies = new String[people.size()];
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(workers);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int w = 0; w < workers; w++) {
				running.add(pool.submit(() -> {
					CookieManager jar = new CookieManager();
					HttpClient http = HttpClient.newBuilder()
						.sslContext(server.sslContext())
						.cookieHandler(jar)
						.followRedirects(HttpClient.Redirect.NEVER)
						.connectTimeout(Duration.ofSeconds(10))
						.build();
					for (int i = next.getAndIncrement(); i < people.size(); i = next.getAndIncrement()) {
						jar.getCookieStore().removeAll();
						cookies[i] = signIn(server, http, jar, people.get(i));
					}
					return null;
				}));
			}
			for (Future<?> worker : running) {
				worker.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		return List.of(cookies);
	}

	private static String signIn(TestServer server, HttpClient http, CookieManager jar, SignalingRooms.Person person)
			throws IOException, InterruptedException {
		String afterPassword = post(server, http, "/login",
				"username=" + encode(person.email()) + "&password=" + encode(person.password()));
		if (!afterPassword.contains("/login/totp")) {
			throw new IllegalStateException("the password step did not ask for a second factor: " + afterPassword);
		}
		String afterCode = post(server, http, "/login/totp", "code=" + TotpCodes.next(person.totpSecret()));
		if (afterCode.isEmpty() || afterCode.contains("error")) {
			throw new IllegalStateException("the TOTP step failed: " + afterCode);
		}
		return jar.getCookieStore()
			.getCookies()
			.stream()
			.filter(cookie -> cookie.getName().equals("HAVEN_SESSION"))
			.map(HttpCookie::getValue)
			.findFirst()
			.map(value -> "HAVEN_SESSION=" + value)
			.orElseThrow(() -> new IllegalStateException("no session cookie after signing in"));
	}

	/** Posts a form with the CSRF token of its page, as the browser would; returns the redirect's location. */
	private static String post(TestServer server, HttpClient http, String path, String fields)
			throws IOException, InterruptedException {
		String page = http
			.send(HttpRequest.newBuilder(server.uri(path)).header("Accept", "text/html").GET().build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = CSRF.matcher(page);
		String token = csrf.find() ? csrf.group(1) : "";
		HttpResponse<Void> response = http.send(HttpRequest.newBuilder(server.uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(fields + "&_csrf=" + encode(token)))
			.build(), HttpResponse.BodyHandlers.discarding());
		return response.headers().firstValue("Location").orElse("");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
