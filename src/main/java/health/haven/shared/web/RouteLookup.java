package health.haven.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.RequestPath;
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
 * filter chain before it looks at the path. Here a route is refused at once when the request's path does not start
 * with the literal text that leads any of its patterns (the text before the first {@code {}, {@code *} or {@code ?}).
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

	/** The leading literal text of each pattern of a route, by route. */
	private final Map<RequestMappingInfo, String[]> prefixes = new ConcurrentHashMap<>();

	@Override
	protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
		if (cannotMatch(info, request)) {
			return null;
		}
		return super.getMatchingMapping(info, request);
	}

	private boolean cannotMatch(RequestMappingInfo info, HttpServletRequest request) {
		if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
			return false;
		}
		String[] leads = prefixes.get(info);
		if (leads == null) {
			if (prefixes.size() >= MAX_CACHED) {
				return false;
			}
			leads = leadingLiterals(info, getPatternParser());
			if (leads == null) {
				return false;
			}
			prefixes.putIfAbsent(info, leads);
		}
		RequestPath requestPath = ServletRequestPathUtils.getParsedRequestPath(request);
		String path = requestPath.pathWithinApplication().value();
		if (path.indexOf('%') >= 0 || path.indexOf(';') >= 0) {
			return false;
		}
		for (String lead : leads) {
			if (path.startsWith(lead)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The literal text each pattern of the route starts with; just the empty string (which every path starts with)
	 * when the route cannot be refused on its path alone.
	 */
	static String[] leadingLiterals(RequestMappingInfo info, PathPatternParser parser) {
		PathPatternsRequestCondition condition = info.getPathPatternsCondition();
		if (parser == null || !parser.isCaseSensitive() || parser.getPathOptions().separator() != '/'
				|| condition == null || condition.isEmptyPathMapping()) {
			return new String[] { "" };
		}
		String[] leads = new String[condition.getPatterns().size()];
		int i = 0;
		for (PathPattern pattern : condition.getPatterns()) {
			String lead = leadingLiteral(pattern.getPatternString());
			if (lead.isEmpty()) {
				return new String[] { "" };
			}
			leads[i++] = lead;
		}
		return leads;
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

}
