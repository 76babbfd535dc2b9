package health.haven.records;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The ICD-10-CM codes Haven knows: a bundled behavioural-health subset (records/icd10cm-behavioral.tsv). Public
 * reference data, so the table itself is plain; which code a client has is sealed in their record.
 */
@Component
public class DiagnosisCodes {

	static final String RESOURCE = "/records/icd10cm-behavioral.tsv";

	private final Map<String, String> titles;

	public DiagnosisCodes() {
		this.titles = Collections.unmodifiableMap(load());
	}

	/** A code and its official title. */
	public record Code(String code, String title) {
	}

	public List<Code> all() {
		return titles.entrySet().stream().map(entry -> new Code(entry.getKey(), entry.getValue())).toList();
	}

	public Optional<String> title(String code) {
		return Optional.ofNullable(titles.get(code));
	}

	/**
	 * The code as the list spells it ("f32.1 " becomes "F32.1"); an unknown code is refused rather than stored, so
	 * that a typo never becomes a diagnosis.
	 */
	public String require(String code) {
		String normalized = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
		if (normalized.isEmpty()) {
			throw new HavenException("RECORDS_DIAGNOSIS_CODE_MISSING", Kind.BAD_REQUEST,
					"a diagnosis needs an ICD-10-CM code");
		}
		if (!titles.containsKey(normalized)) {
			throw new HavenException("RECORDS_DIAGNOSIS_CODE_UNKNOWN", Kind.BAD_REQUEST,
					"that is not an ICD-10-CM code Haven knows; pick one from the list");
		}
		return normalized;
	}

	/**
	 * Substance-use disorders (F10-F16, F18, F19). 42 CFR Part 2 excludes tobacco (F17), so nicotine dependence is
	 * not among them.
	 */
	public static boolean substanceUse(String code) {
		return code.matches("F1[0-689](\\..*)?");
	}

	private static Map<String, String> load() {
		Map<String, String> codes = new LinkedHashMap<>();
		try (InputStream in = DiagnosisCodes.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is missing from the build");
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] columns = line.split("\t");
				if (columns.length != 2 || codes.put(columns[0], columns[1]) != null) {
					throw new IllegalStateException(RESOURCE + ": malformed or repeated line " + columns[0]);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return codes;
	}

}
