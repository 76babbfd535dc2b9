package health.haven.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A small HTTPS client for integration tests: a cookie jar (so it can hold a session), CSRF-aware form posts, and
 * no redirect following (tests assert on redirects).
 */
public final class Http {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final TestServer server;

	private final HttpClient client;

	private final String userAgent;

	private final CookieManager cookies = new CookieManager();

	public Http(TestServer server) {
		this(server, null);
	}

	/** A client that names itself with this User-Agent on every request (a browser and system, for device tests). */
	public Http(TestServer server, String userAgent) {
		this.server = server;
		this.userAgent = userAgent;
		this.client = HttpClient.newBuilder()
			.sslContext(server.sslContext())
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	public HttpResponse<String> get(String path, String accept) {
		return send(HttpRequest.newBuilder(server.uri(path)).header("Accept", accept).GET().build());
	}

	public HttpResponse<String> get(String path) {
		return get(path, "text/html");
	}

	/** A GET whose body is kept as bytes (a PDF, a download). */
	public HttpResponse<byte[]> getBytes(String path) {
		HttpRequest request = HttpRequest.newBuilder(server.uri(path)).GET().build();
		if (userAgent != null) {
			request = HttpRequest.newBuilder(request, (name, value) -> true).setHeader("User-Agent", userAgent).build();
		}
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<String> postForm(String path, String formPagePath, Map<String, String> fields) {
		String page = get(formPagePath).body();
		Matcher csrf = CSRF.matcher(page);
		String token = csrf.find() ? csrf.group(1) : "";
		String body = fields.entrySet()
			.stream()
			.map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&")) + "&_csrf=" + encode(token);
		return send(HttpRequest.newBuilder(server.uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * A JSON POST to the API with the session's CSRF token (taken from a page, as a browser script would from the
	 * page's meta tag).
	 */
	public HttpResponse<String> postJson(String path, String json) {
		Matcher csrf = CSRF.matcher(get("/").body());
		String token = csrf.find() ? csrf.group(1) : "";
		return send(HttpRequest.newBuilder(server.uri(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("X-CSRF-TOKEN", token)
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/** A JSON PUT to the API with the session's CSRF token, as {@link #postJson}. */
	public HttpResponse<String> putJson(String path, String json) {
		Matcher csrf = CSRF.matcher(get("/").body());
		String token = csrf.find() ? csrf.group(1) : "";
		return send(HttpRequest.newBuilder(server.uri(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("X-CSRF-TOKEN", token)
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/**
	 * A multipart/form-data POST (fields and at most one file, field name {@code file}) with the session's CSRF token,
	 * as a browser's upload form would send it.
	 */
	public HttpResponse<String> postMultipart(String path, Map<String, String> fields, String fileName,
			String contentType, byte[] file) {
		Matcher csrf = CSRF.matcher(get("/").body());
		String token = csrf.find() ? csrf.group(1) : "";
		String boundary = "haven-" + java.util.UUID.randomUUID();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		java.util.function.Consumer<String> text = value -> body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
		for (Map.Entry<String, String> field : fields.entrySet()) {
			text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
					+ field.getValue() + "\r\n");
		}
		if (file != null) {
			text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
					+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
			body.writeBytes(file);
			text.accept("\r\n");
		}
		text.accept("--" + boundary + "--\r\n");
		return send(HttpRequest.newBuilder(server.uri(path))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", "application/json")
			.header("X-CSRF-TOKEN", token)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	/** The password step only: a session that must still show a second factor (for staff) before anything else. */
	public HttpResponse<String> signInWithPasswordOnly(DemoAccounts.Account account) {
		return postForm("/login", "/login", Map.of("username", account.username(), "password", account.password()));
	}

	/** A full sign-in: password, then a TOTP code from the account's secret when it has one. */
	public HttpResponse<String> signIn(DemoAccounts.Account account) {
		HttpResponse<String> password = signInWithPasswordOnly(account);
		if (account.totpSecret() == null || !location(password).contains("/login/totp")) {
			return password;
		}
		return secondFactor(TotpCodes.next(account.totpSecret()));
	}

	private static final java.util.Map<String, Http> SIGNED_IN = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * A fully signed-in session of the account, shared by the tests that only read: every fresh sign-in spends one
	 * TOTP time step of the account, and Haven accepts each step once, so reusing sessions keeps tests from waiting
	 * for the clock. A session that has ended meanwhile (revoked, expired) is replaced.
	 */
	public static Http signedIn(TestServer server, DemoAccounts.Account account) {
		Http cached = SIGNED_IN.get(account.username());
		if (cached != null && cached.get("/account/password").statusCode() == 200) {
			return cached;
		}
		Http fresh = new Http(server);
		String location = location(fresh.signIn(account));
		if (location.contains("error")) {
			throw new AssertionError("could not sign in " + account.username() + ": " + location);
		}
		SIGNED_IN.put(account.username(), fresh);
		return fresh;
	}

	public HttpResponse<String> secondFactor(String code) {
		return postForm("/login/totp", "/login/totp", Map.of("code", code));
	}

	public static String location(HttpResponse<?> response) {
		return response.headers().firstValue("Location").orElse("");
	}

	public HttpResponse<String> send(HttpRequest request) {
		if (userAgent != null) {
			request = HttpRequest.newBuilder(request, (name, value) -> true).setHeader("User-Agent", userAgent).build();
		}
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A WebSocket to this server with this client's session (its cookies), as a page of the server would open it
	 * (same origin).
	 */
	public java.util.concurrent.CompletableFuture<java.net.http.WebSocket> webSocket(String path,
			java.net.http.WebSocket.Listener listener) {
		URI uri = uri(path);
		java.net.http.WebSocket.Builder builder = client.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.header("Origin", "https://" + uri.getHost() + ":" + uri.getPort());
		return builder.buildAsync(URI.create("wss://" + uri.getHost() + ":" + uri.getPort() + uri.getRawPath()
				+ (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())), listener);
	}

	/** A cookie this client holds, by name. */
	public java.util.Optional<String> cookie(String name) {
		return cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter(cookie -> cookie.getName().equals(name))
			.map(java.net.HttpCookie::getValue)
			.findFirst();
	}

	public URI uri(String path) {
		return server.uri(path);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
