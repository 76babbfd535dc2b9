package health.haven.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.RequestPath;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Spring MVC's handler mapping with a quick refusal in front of each route's full match (ADR 0016). A request to a
 * path with variables ({@code /clients/{id}/chart}) is not in Spring's table of literal paths, so Spring tries every
 * one of Haven's hundreds of routes in turn, and each try reads the method through the ~8 request wrappers of the
 * filter chain before it looks at the path. Here a route is refused at once when, for each of its patterns, the
 * request's path does not start with the literal text that leads the pattern (before the first {@code {}, {@code *}
 * or {@code ?}) or does not end with the literal text that closes it (after the last {@code }}, {@code *} or
 * {@code ?}), or has another number of segments (a variable, {@code *} or {@code ?} stays within one segment):
 * {@code /api/v1/clients/{id}/notes} and {@code /api/v1/clients/{id}} are refused for
 * {@code /api/v1/clients/42/summary}.
 *
 * <p>Only an impossible match is refused; anything else goes to Spring as before. The path compared is the one
 * Spring's patterns are matched against ({@link ServletRequestPathUtils}, path within the application), raw. Spring
 * matches patterns against decoded segments without their {@code ;parameters}, so a path with {@code %} or
 * {@code ;} is left to Spring, as are patterns that may match a shorter path than their literal text
 * ({@code **}, {@code {*rest}}), patterns with those characters in their literal text, case-insensitive parsing
 * and a separator other than {@code /}.
 */
class RouteLookup extends RequestMappingHandlerMapping {

	/** Routes are registered once; a bound keeps ad hoc infos (none today) from growing the cache without end. */
	private static final int MAX_CACHED = 4096;

	/** What each pattern of a route needs of a path, by route. */
	private final Map<RequestMappingInfo, Needs[]> needsByRoute = new ConcurrentHashMap<>();

	/**
	 * The path of the request being looked up on this thread, read once per lookup rather than once per route (each
	 * read goes through the request wrappers); null when it may not be compared (see the class comment).
	 */
	private final ThreadLocal<LookupPath> comparablePath = new ThreadLocal<>();

	@Override
	protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
		comparablePath.set(comparablePath(request));
		try {
			return super.lookupHandlerMethod(lookupPath, request);
		}
		finally {
			comparablePath.remove();
		}
	}

	@Override
	protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
		if (cannotMatch(info, comparablePath.get())) {
			return null;
		}
		return super.getMatchingMapping(info, request);
	}

	private static LookupPath comparablePath(HttpServletRequest request) {
		if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
			return null;
		}
		RequestPath requestPath = ServletRequestPathUtils.getParsedRequestPath(request);
		String path = requestPath.pathWithinApplication().value();
		return path.indexOf('%') >= 0 || path.indexOf(';') >= 0 ? null : new LookupPath(path, slashes(path));
	}

	private boolean cannotMatch(RequestMappingInfo info, LookupPath path) {
		if (path == null) {
			return false;
		}
		Needs[] needs = needsByRoute.get(info);
		if (needs == null) {
			if (needsByRoute.size() >= MAX_CACHED) {
				return false;
			}
			needs = needs(info, getPatternParser());
			needsByRoute.putIfAbsent(info, needs);
		}
		for (Needs pattern : needs) {
			if (pattern.admits(path)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * What each pattern of the route needs of a path: the literal text it starts and ends with, and its number of
	 * {@code /}; a single pattern that admits every path when the route cannot be refused on its path alone.
	 */
	static Needs[] needs(RequestMappingInfo info, PathPatternParser parser) {
		Needs[] none = { Needs.ANY };
		PathPatternsRequestCondition condition = info.getPathPatternsCondition();
		if (parser == null || !parser.isCaseSensitive() || parser.getPathOptions().separator() != '/'
				|| condition == null || condition.isEmptyPathMapping()) {
			return none;
		}
		Needs[] needs = new Needs[condition.getPatterns().size()];
		int i = 0;
		for (PathPattern pattern : condition.getPatterns()) {
			String text = pattern.getPatternString();
			String lead = leadingLiteral(text);
			if (lead.isEmpty()) {
				return none;
			}
			// A variable with a regular expression ({id:...}) may hold a '/' of the pattern's text: no count then.
			int slashes = text.indexOf(':') >= 0 ? -1 : slashes(text);
			needs[i++] = new Needs(lead, closingLiteral(text), slashes);
		}
		return needs;
	}

	private static int slashes(String text) {
		int count = 0;
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '/') {
				count++;
			}
		}
		return count;
	}

	/** The text before the first wildcard or variable; empty when the pattern may match a shorter path than that. */
	static String leadingLiteral(String pattern) {
		if (pattern.contains("**") || pattern.contains("{*") || !pattern.startsWith("/")) {
			return "";
		}
		int end = pattern.length();
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '{' || c == '*' || c == '?') {
				end = i;
				break;
			}
		}
		String lead = pattern.substring(0, end);
		if (lead.indexOf('%') >= 0 || lead.indexOf(';') >= 0 || lead.indexOf('\\') >= 0) {
			return "";
		}
		return lead;
	}

	/**
	 * The text after the last variable or wildcard (the whole pattern when it has none); empty when the pattern may
	 * match a longer path than its text says ({@code **}, {@code {*rest}}) or when that text is not plain.
	 */
	static String closingLiteral(String pattern) {
		if (leadingLiteral(pattern).isEmpty()) {
			return "";
		}
		int start = 0;
		for (int i = pattern.length() - 1; i >= 0; i--) {
			char c = pattern.charAt(i);
			if (c == '}' || c == '*' || c == '?') {
				start = i + 1;
				break;
			}
		}
		return pattern.substring(start);
	}

	/** A request's path as compared here, with its number of {@code /}. */
	private record LookupPath(String value, int slashes) {
	}

	/** What one pattern needs of a path; {@code slashes} is -1 when any number will do. */
	record Needs(String lead, String tail, int slashes) {

		static final Needs ANY = new Needs("", "", -1);

		private boolean admits(LookupPath path) {
			return (slashes < 0 || slashes == path.slashes()) && path.value().startsWith(lead)
					&& path.value().endsWith(tail);
		}

	}

}
