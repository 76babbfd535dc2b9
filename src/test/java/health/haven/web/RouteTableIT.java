package health.haven.web;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Deny by default, proved from the real route table: every route the application serves is either on the short
 * list of public pages below or refuses an anonymous caller (sign-in page for people, problem JSON on the API).
 * A new route is covered the moment it exists. (The role x relationship x tenant matrix builds on this.)
 */
class RouteTableIT {

	/** Routes an anonymous person may open, and why. */
	static final Map<String, String> PUBLIC = Map.ofEntries(Map.entry("/", "the home page says what Haven is"),
			Map.entry("/login", "the sign-in form"), Map.entry("/api/v1/about", "product and API version, no data"),
			Map.entry("/error", "the friendly error page"), Map.entry("/v3/api-docs", "the API description, no data"),
			Map.entry("/v3/api-docs.yaml", "the API description, no data"),
			Map.entry("/v3/api-docs/swagger-config", "the API description, no data"),
			Map.entry("/invitations/{token}",
					"an invited person sets a password; the single-use token is the credential"),
			Map.entry("/device-check", "camera and microphone check in the browser; sends nothing, shows no data"),
			Map.entry("/calendar/{token}",
					"a calendar app fetches a session feed without PHI; the random token is the credential"));

	final TestServer server = TestServer.get();

	@Test
	void everyRouteIsPublicByNameOrRefusesAnonymousCallers() {
		Set<String> routes = routes();
		assertThat(routes).as("the route table was read").contains("/", "/login", "/api/v1/about");
		Http anonymous = new Http(server);
		for (String route : routes) {
			String path = route.replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
			boolean api = path.startsWith("/api/");
			HttpResponse<String> response = anonymous.get(path, api ? "application/json" : "text/html");
			if (PUBLIC.containsKey(route)) {
				assertThat(response.statusCode()).as(route + " is public: " + PUBLIC.get(route)).isLessThan(500);
				continue;
			}
			if (api) {
				assertThat(response.statusCode()).as(route).isEqualTo(401);
				assertThat(response.body()).as(route).contains("HAVEN_UNAUTHENTICATED");
			}
			else {
				assertThat(response.statusCode()).as(route).isEqualTo(302);
				assertThat(response.headers().firstValue("Location").orElse("")).as(route).endsWith("/login");
			}
		}
	}

	@Test
	void operatorEndpointsBesideHealthAreNotPublic() {
		Http anonymous = new Http(server);
		assertThat(anonymous.get("/actuator/health", "application/json").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/info", "text/html").statusCode()).isEqualTo(302);
		assertThat(anonymous.get("/actuator/env", "text/html").statusCode()).isIn(302, 404);
		assertThat(anonymous.get("/actuator/heapdump", "text/html").statusCode()).isIn(302, 404);
	}

	private Set<String> routes() {
		Set<String> routes = new TreeSet<>();
		Map<String, RequestMappingHandlerMapping> mappings = server.context()
			.getBeansOfType(RequestMappingHandlerMapping.class);
		for (RequestMappingHandlerMapping mapping : mappings.values()) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
					continue;
				}
				routes.addAll(info.getPatternValues());
			}
		}
		return routes;
	}

}
