package health.haven.support;

import health.haven.Covers;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes {@code docs/compliance/traceability.md} at the end of a test run: every requirement ID of
 * {@code ../shared/design/REGULATIONS.md}, the tests marked {@link Covers} with it, and whether they passed in this
 * run. Uncovered requirements stay in the table, visibly uncovered.
 *
 * <p>Written only by a whole-suite run ({@code ./haven test} sets {@code -Dhaven.traceability=true}), so that running
 * one test class, or CI's second pass over the integration tests, does not replace the report with a partial one.
 */
public class TraceabilityReport implements TestExecutionListener {

	static final Pattern REQUIREMENT_ROW = Pattern.compile("^\\|\\s*([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\\s*\\|\\s*(.*?)\\s*\\|");

	private final Map<String, List<Result>> byRequirement = new ConcurrentHashMap<>();

	@Override
	public void executionFinished(TestIdentifier test, TestExecutionResult result) {
		if (!(test.getSource().orElse(null) instanceof MethodSource source)) {
			return;
		}
		Set<String> ids = new TreeSet<>();
		try {
			Class<?> type = Class.forName(source.getClassName(), false, Thread.currentThread().getContextClassLoader());
			for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
				Covers onClass = t.getAnnotation(Covers.class);
				if (onClass != null) {
					ids.addAll(Arrays.asList(onClass.value()));
				}
			}
			Method method = Arrays.stream(type.getDeclaredMethods())
				.filter(m -> m.getName().equals(source.getMethodName()))
				.findFirst()
				.orElse(null);
			if (method != null && method.getAnnotation(Covers.class) != null) {
				ids.addAll(Arrays.asList(method.getAnnotation(Covers.class).value()));
			}
			String name = type.getName().replace("health.haven.", "") + "#" + source.getMethodName();
			for (String id : ids) {
				byRequirement.computeIfAbsent(id, k -> new ArrayList<>())
					.add(new Result(name, result.getStatus() == TestExecutionResult.Status.SUCCESSFUL));
			}
		}
		catch (ClassNotFoundException ex) {
			// Not one of ours.
		}
	}

	@Override
	public void testPlanExecutionFinished(TestPlan plan) {
		if (byRequirement.isEmpty() || !Boolean.getBoolean("haven.traceability")) {
			return;
		}
		Path regulations = Path.of("..", "shared", "design", "REGULATIONS.md");
		Map<String, String> requirements = new LinkedHashMap<>();
		if (Files.exists(regulations)) {
			try {
				for (String line : Files.readAllLines(regulations)) {
					Matcher row = REQUIREMENT_ROW.matcher(line);
					if (row.find()) {
						requirements.putIfAbsent(row.group(1), summary(row.group(2)));
					}
				}
			}
			catch (IOException ex) {
				System.err.println("traceability: cannot read " + regulations + ": " + ex.getMessage());
			}
		}
		Map<String, List<Result>> sorted = new TreeMap<>(byRequirement);
		StringBuilder out = new StringBuilder();
		long covered = requirements.keySet().stream().filter(byRequirement::containsKey).count();
		out.append("# Requirement traceability\n\n")
			.append("Written by the test run of ")
			.append(LocalDate.now())
			.append(" from `@Covers` on tests and the IDs in `../shared/design/REGULATIONS.md`. ")
			.append(covered)
			.append(" of ")
			.append(requirements.size())
			.append(" requirements have at least one test.\n\n")
			.append("| Requirement | Summary | Tests | Result |\n|---|---|---|---|\n");
		for (Map.Entry<String, String> requirement : requirements.entrySet()) {
			List<Result> results = sorted.remove(requirement.getKey());
			out.append(row(requirement.getKey(), requirement.getValue(), results));
		}
		for (Map.Entry<String, List<Result>> unknown : sorted.entrySet()) {
			out.append(row(unknown.getKey(), "(not in REGULATIONS.md)", unknown.getValue()));
		}
		try {
			Path report = Path.of("docs", "compliance", "traceability.md");
			Files.createDirectories(report.getParent());
			Files.writeString(report, out);
		}
		catch (IOException ex) {
			System.err.println("traceability: cannot write the report: " + ex.getMessage());
		}
	}

	private static String row(String id, String summary, List<Result> results) {
		if (results == null || results.isEmpty()) {
			return "| " + id + " | " + summary + " | (none) | not covered |\n";
		}
		List<String> names = results.stream().map(Result::test).distinct().sorted().toList();
		boolean passed = results.stream().allMatch(Result::passed);
		return "| " + id + " | " + summary + " | " + String.join("<br>", names) + " | "
				+ (passed ? "passed" : "**FAILED**") + " |\n";
	}

	private static String summary(String text) {
		String plain = text.replace("**", "").replace("|", "/");
		int stop = plain.indexOf(". ");
		String first = stop > 0 ? plain.substring(0, stop + 1) : plain;
		return first.length() > 110 ? first.substring(0, 107) + "..." : first;
	}

	record Result(String test, boolean passed) {
	}

}
