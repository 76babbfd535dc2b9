package health.haven.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

/** The quicker route lookup finds exactly the handler Spring's own lookup finds, for every kind of path. */
class RouteLookupTests {

	final RequestMappingHandlerMapping haven = mapping(new RouteLookup());

	final RequestMappingHandlerMapping spring = mapping(new RequestMappingHandlerMapping());

	@Test
	void aRouteWithPathVariablesStillResolves() throws Exception {
		assertThat(handler(haven, "GET", "/clients/42/chart")).isEqualTo("chart");
		assertThat(handler(haven, "GET", "/clients/42/notes/7")).isEqualTo("note");
		assertThat(handler(haven, "GET", "/calendar/abc.ics")).isEqualTo("calendar");
	}

	@Test
	void aPathNoRouteMatchesFindsNoHandler() throws Exception {
		// No handler is what makes the DispatcherServlet answer 404.
		assertThat(handler(haven, "GET", "/no-such-page")).isNull();
		assertThat(handler(haven, "GET", "/clients")).isNull();
		assertThat(handler(haven, "GET", "/clientsX/42/chart")).isNull();
		assertThat(handler(haven, "GET", "/Clients/42/chart")).isNull();
		assertThat(handler(haven, "GET", "/clients/42/summary")).isNull();
	}

	@Test
	void aPercentEncodedPathResolvesAsBefore() throws Exception {
		assertThat(handler(haven, "GET", "/clients/a%20b/chart")).isEqualTo("chart");
		assertThat(handler(haven, "GET", "/%63lients/42/chart")).isEqualTo("chart");
		assertThat(handler(haven, "GET", "/%63lients/42/chart")).isEqualTo(handler(spring, "GET", "/%63lients/42/chart"));
	}

	@Test
	void everyPathFindsWhatSpringFinds() throws Exception {
		List<String> paths = List.of("/", "", "/clients/42/chart", "/clients/42/chart/", "/clients//chart",
				"/clients/42;x=1/chart", "/clients;x=1/42/chart", "/clients/42/notes/7", "/clients/42/notes", "/clients/42/summary", "/clients/chart", "/clients/notes/chart",
				"/calendar/.ics", "/calendar/a.icsx", "/static/a.css", "/api/items/", "/home/x", "/home/",
				"/files", "/files/", "/files/a/b/c", "/static", "/static/app.css", "/static/a/b.js", "/about",
				"/about/", "/calendar/abc.ics", "/calendar/", "/a1", "/ab1", "/abc1", "/no-such-page", "/%2Fclients",
				"/clients/%2F/chart", "/api/items", "/api/items/5", "/api/items/5/6", "/api/items//", "/clients/42/chart/x",
				"/clients/42/notes/7/8", "/clients/42/notes/7/", "/home/a/b", "/calendar/a/b.ics", "/static/a/b.css",
				"/a/1");
		for (String method : List.of("GET", "POST", "PUT")) {
			for (String path : paths) {
				assertThat(handler(haven, method, path)).as(method + " " + path).isEqualTo(handler(spring, method, path));
			}
		}
	}

	@Test
	void aPatternNeedsItsLiteralTextAndItsNumberOfSegments() {
		RequestMappingInfo.BuilderConfiguration config = new RequestMappingInfo.BuilderConfiguration();
		config.setPatternParser(PathPatternParser.defaultInstance);
		RouteLookup.Needs[] item = RouteLookup.needs(RequestMappingInfo.paths("/api/items/{id}").options(config)
			.build(), PathPatternParser.defaultInstance);
		assertThat(item).containsExactly(new RouteLookup.Needs("/api/items/", "", 3));
		RouteLookup.Needs[] rest = RouteLookup.needs(RequestMappingInfo.paths("/files/{*rest}").options(config)
			.build(), PathPatternParser.defaultInstance);
		assertThat(rest).containsExactly(RouteLookup.Needs.ANY);
		RouteLookup.Needs[] regex = RouteLookup.needs(RequestMappingInfo.paths("/files/{name:[a-z]+}/x")
			.options(config).build(), PathPatternParser.defaultInstance);
		assertThat(regex).containsExactly(new RouteLookup.Needs("/files/", "/x", -1));
	}

	@Test
	void literalTextEndsAtTheFirstVariableOrWildcard() {
		assertThat(RouteLookup.leadingLiteral("/clients/{id}/chart")).isEqualTo("/clients/");
		assertThat(RouteLookup.leadingLiteral("/about")).isEqualTo("/about");
		assertThat(RouteLookup.leadingLiteral("/a?c")).isEqualTo("/a");
		assertThat(RouteLookup.leadingLiteral("/static/*.css")).isEqualTo("/static/");
		assertThat(RouteLookup.leadingLiteral("/files/{*rest}")).isEmpty();
		assertThat(RouteLookup.leadingLiteral("/static/**")).isEmpty();
		assertThat(RouteLookup.leadingLiteral("{id}")).isEmpty();
	}

	@Test
	void closingTextStartsAfterTheLastVariableOrWildcard() {
		assertThat(RouteLookup.closingLiteral("/clients/{id}/chart")).isEqualTo("/chart");
		assertThat(RouteLookup.closingLiteral("/clients/{id}")).isEmpty();
		assertThat(RouteLookup.closingLiteral("/calendar/{token}.ics")).isEqualTo(".ics");
		assertThat(RouteLookup.closingLiteral("/about")).isEqualTo("/about");
		assertThat(RouteLookup.closingLiteral("/static/*.css")).isEqualTo(".css");
		assertThat(RouteLookup.closingLiteral("/files/{*rest}")).isEmpty();
		assertThat(RouteLookup.closingLiteral("/static/**/x")).isEmpty();
	}

	private static RequestMappingHandlerMapping mapping(RequestMappingHandlerMapping mapping) {
		StaticWebApplicationContext context = new StaticWebApplicationContext();
		context.registerSingleton("routes", Routes.class);
		context.registerSingleton("api", Api.class);
		context.refresh();
		mapping.setApplicationContext(context);
		mapping.afterPropertiesSet();
		return mapping;
	}

	private static String handler(RequestMappingHandlerMapping mapping, String method, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		try {
			HandlerExecutionChain chain = mapping.getHandler(request);
			return chain == null ? null : ((HandlerMethod) chain.getHandler()).getMethod().getName();
		}
		catch (Exception ex) {
			return ex.getClass().getSimpleName();
		}
	}

	@Controller
	static class Routes {

		@GetMapping("/clients/{id}/chart")
		void chart(@PathVariable String id) {
		}

		@GetMapping("/clients/{id}/notes/{note}")
		void note(@PathVariable String id, @PathVariable String note) {
		}

		@PostMapping("/clients/{id}/notes")
		void addNote(@PathVariable String id) {
		}

		@GetMapping("/files/{*rest}")
		void files(@PathVariable String rest) {
		}

		@GetMapping("/static/**")
		void resources() {
		}

		@GetMapping("/static/*.css")
		void styles() {
		}

		@GetMapping("/about")
		void about() {
		}

		@GetMapping("/calendar/{token}.ics")
		void calendar(@PathVariable String token) {
		}

		@GetMapping("/a?1")
		void single() {
		}

		@GetMapping({ "/", "/home/{page}" })
		void home() {
		}

	}

	@Controller
	@RequestMapping("/api/items")
	static class Api {

		@GetMapping
		void list() {
		}

		@GetMapping("/{id}")
		void item(@PathVariable String id) {
			Objects.requireNonNull(id);
		}

	}

}
