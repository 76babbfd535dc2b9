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
 * {@code ?}): {@code /api/v1/clients/{id}/notes} is refused for {@code /api/v1/clients/42/summary}.
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

	/** The leading and closing literal text of each pattern of a route (lead, tail, lead, tail...), by route. */
	private final Map<RequestMappingInfo, String[]> literals = new ConcurrentHashMap<>();

	/**
	 * The path of the request being looked up on this thread, read once per lookup rather than once per route (each
	 * read goes through the request wrappers); null when it may not be compared (see the class comment).
	 */
	private final ThreadLocal<String> comparablePath = new ThreadLocal<>();

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

	private static String comparablePath(HttpServletRequest request) {
		if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
			return null;
		}
		RequestPath requestPath = ServletRequestPathUtils.getParsedRequestPath(request);
		String path = requestPath.pathWithinApplication().value();
		return path.indexOf('%') >= 0 || path.indexOf(';') >= 0 ? null : path;
	}

	private boolean cannotMatch(RequestMappingInfo info, String path) {
		if (path == null) {
			return false;
		}
		String[] ends = literals.get(info);
		if (ends == null) {
			if (literals.size() >= MAX_CACHED) {
				return false;
			}
			ends = literals(info, getPatternParser());
			literals.putIfAbsent(info, ends);
		}
		for (int i = 0; i < ends.length; i += 2) {
			if (path.startsWith(ends[i]) && path.endsWith(ends[i + 1])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The literal text each pattern of the route starts and ends with, in pairs; just a pair of empty strings (which
	 * every path starts and ends with) when the route cannot be refused on its path alone.
	 */
	static String[] literals(RequestMappingInfo info, PathPatternParser parser) {
		String[] none = { "", "" };
		PathPatternsRequestCondition condition = info.getPathPatternsCondition();
		if (parser == null || !parser.isCaseSensitive() || parser.getPathOptions().separator() != '/'
				|| condition == null || condition.isEmptyPathMapping()) {
			return none;
		}
		String[] ends = new String[condition.getPatterns().size() * 2];
		int i = 0;
		for (PathPattern pattern : condition.getPatterns()) {
			String lead = leadingLiteral(pattern.getPatternString());
			if (lead.isEmpty()) {
				return none;
			}
			ends[i++] = lead;
			ends[i++] = closingLiteral(pattern.getPatternString());
		}
		return ends;
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

}
