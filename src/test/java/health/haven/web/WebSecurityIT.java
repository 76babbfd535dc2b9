package health.haven.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.support.DemoAccounts;
import health.haven.support.Http;
import health.haven.support.TestServer;
import health.haven.telehealth.internal.janus.GroupMediaHealth;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Status;

class WebSecurityIT {

	final TestServer server = TestServer.get();

	final Http http = new Http(server);

	@Nested
	@Covers("SEC-TS-01")
	class EveryResponseCarriesTheSecurityHeaders {

		@ParameterizedTest
		@ValueSource(strings = { "/", "/login", "/no-such-page", "/api/v1/about", "/api/v1/no-such-thing",
				"/actuator/health", "/css/haven.css" })
		void onPublicPagesApiErrorsAndAssets(String path) {
			assertSecurityHeaders(http.get(path).headers());
		}

		@Test
		void andOnPagesOfASignedInUser() {
			HttpResponse<String> home = Http.signedIn(server, DemoAccounts.withRole(server.dataDir(), "CLINICIAN")).get("/");
			assertSecurityHeaders(home.headers());
			assertThat(home.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		}

		private void assertSecurityHeaders(HttpHeaders headers) {
			String csp = headers.firstValue("Content-Security-Policy").orElse("");
			assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
				.doesNotContain("unsafe-inline")
				.doesNotContain("unsafe-eval");
			assertThat(headers.firstValue("Strict-Transport-Security").orElse("")).contains("max-age=31536000");
			assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
			assertThat(headers.firstValue("Permissions-Policy").orElse("")).contains("geolocation=()", "payment=()");
			assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(headers.firstValue("Cache-Control").orElse("")).contains("no-store");
		}

	}

	@Nested
	class ErrorsAreProblemDetailsOnTheApiAndAFriendlyPageInTheBrowser {

		@Test
		void anonymousApiCallGetsProblemJsonNotARedirect() {
			HttpResponse<String> response = http.get("/api/v1/clients", "application/json");
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			assertThat(response.body()).contains("\"code\":\"HAVEN_UNAUTHENTICATED\"", "\"status\":401");
		}

		@Test
		void unknownApiPathOfASignedInUserIsAProblemWithAStableCode() {
			HttpResponse<String> response = Http.signedIn(server, DemoAccounts.withRole(server.dataDir(), "CLINICIAN"))
				.get("/api/v1/no-such-thing", "application/json");
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			assertThat(response.body()).contains("\"code\":\"HAVEN_NOT_FOUND\"", "urn:haven:problem:HAVEN_NOT_FOUND")
				.doesNotContain("Exception")
				.doesNotContain("at health.");
		}

		@Test
		void aWrongMethodOrFormatIsAClientErrorNeverAnInternalOne() {
			HttpResponse<String> wrongMethod = http.send(java.net.http.HttpRequest.newBuilder(http.uri("/api/v1/about"))
				.header("Accept", "application/json")
				.DELETE()
				.build());
			assertThat(wrongMethod.statusCode()).isIn(403, 405);
			assertThat(http.get("/api/v1/about", "text/html").statusCode()).isEqualTo(406);
		}

		@Test
		void anonymousBrowserIsSentToSignIn() {
			HttpResponse<String> response = http.get("/some/private/page");
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/login");
		}

		@Test
		void unknownPageOfASignedInUserIsTheFriendlyPageWithoutInternals() {
			HttpResponse<String> response = Http.signedIn(server, DemoAccounts.withRole(server.dataDir(), "CLINICIAN"))
				.get("/no/such/page");
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.body()).contains("We could not find that page", "<main id=\"main\"")
				.doesNotContain("Exception")
				.doesNotContain("Whitelabel")
				.doesNotContain("at org.");
		}

	}

	@Nested
	class SignIn {

		@Test
		void demoAccountSignsInWithItsPasswordAndTheSessionCookieIsLockedDown() {
			HttpResponse<String> response = http.signIn(DemoAccounts.withRole(server.dataDir(), "FACILITATOR"));
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location").orElse("")).doesNotContain("error");
			List<String> cookies = response.headers().allValues("Set-Cookie");
			assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("HAVEN_SESSION=")
				.contains("Secure", "HttpOnly", "SameSite=Strict"));
			assertThat(http.get("/").body()).contains("Sign out");
		}

		@Test
		void wrongPasswordAndUnknownAccountGetTheSameAnswer() {
			DemoAccounts.Account clinician = DemoAccounts.withRole(server.dataDir(), "CLINICIAN");
			HttpResponse<String> wrong = http.signIn(new DemoAccounts.Account(clinician.username(), "wrong-password-123",
					List.of(), "", null));
			HttpResponse<String> unknown = http.signIn(new DemoAccounts.Account("nobody@demo.haven.test",
					"wrong-password-123", List.of(), "", null));
			assertThat(wrong.statusCode()).isEqualTo(302);
			assertThat(wrong.headers().firstValue("Location")).isEqualTo(unknown.headers().firstValue("Location"));
			assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/login?error");
		}

		@Test
		void aPostWithoutCsrfTokenIsRefused() {
			HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(http.uri("/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=a%40b.c&password=x"))
				.build());
			assertThat(response.statusCode()).isIn(302, 403);
			assertThat(response.headers().firstValue("Location").orElse("")).doesNotEndWith("/");
		}

	}

	@Nested
	class OperatorEndpoints {

		@Test
		void healthIsUpAndIncludesTheDatabase() {
			HttpResponse<String> health = http.get("/actuator/health", "application/json");
			assertThat(health.statusCode()).isEqualTo(200);
			// "db" reports each pool: the application's and Spring Session's own (ADR 0016).
			assertThat(health.body()).contains("\"status\":\"UP\"")
				.contains("\"db\":{\"components\":{")
				.contains("\"dataSource\":{\"status\":\"UP\"}")
				.contains("\"sessionDataSource\":{\"status\":\"UP\"}")
				.contains("\"groupMedia\":{\"status\":\"UP\"}");
			// While Haven's Janus is started again, group media is DEGRADED: it shows, and Haven still answers 200.
			StatusAggregator aggregator = server.bean(StatusAggregator.class);
			assertThat(aggregator.getAggregateStatus(Status.UP, GroupMediaHealth.DEGRADED))
				.isEqualTo(GroupMediaHealth.DEGRADED);
			assertThat(aggregator.getAggregateStatus(Status.DOWN, GroupMediaHealth.DEGRADED)).isEqualTo(Status.DOWN);
			assertThat(server.bean(HttpCodeStatusMapper.class).getStatusCode(GroupMediaHealth.DEGRADED)).isEqualTo(200);
		}

		@Test
		void requestThreadsFollowTheProcessorsAndAConnectionServesAThousandRequests() {
			var web = (org.springframework.boot.web.server.context.WebServerApplicationContext) server.context();
			var tomcat = (org.springframework.boot.tomcat.TomcatWebServer) web.getWebServer();
			var protocol = (org.apache.coyote.http11.AbstractHttp11Protocol<?>) tomcat.getTomcat()
				.getService()
				.findConnectors()[0]
				.getProtocolHandler();
			assertThat(protocol.getMaxThreads()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
			assertThat(protocol.getMinSpareThreads()).isLessThanOrEqualTo(protocol.getMaxThreads());
			assertThat(protocol.getMaxKeepAliveRequests()).isEqualTo(1000);
		}

		@Test
		void prometheusMetricsAreServedToLoopback() {
			HttpResponse<String> metrics = http.get("/actuator/prometheus", "text/plain");
			assertThat(metrics.statusCode()).isEqualTo(200);
			assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
		}

		@Test
		void openApiDescribesTheApi() {
			HttpResponse<String> docs = http.get("/v3/api-docs", "application/json");
			assertThat(docs.statusCode()).isEqualTo(200);
			assertThat(docs.body()).contains("\"title\":\"Haven API\"").contains("/api/v1/about");
		}

	}

}
