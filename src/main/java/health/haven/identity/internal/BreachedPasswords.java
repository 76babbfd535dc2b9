package health.haven.identity.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.springframework.stereotype.Component;

/**
 * The bundled list of breached and common passwords (437,651 entries; provenance in
 * {@code identity/common-passwords.NOTICE}), compared case-insensitively. Only entries long enough to pass the
 * length rule are kept in memory (about 12,000): a shorter one is refused by length before the list is asked.
 * Loaded on first use, so start-up does not pay for it.
 */
@Component
public class BreachedPasswords {

	static final String RESOURCE = "/identity/common-passwords.txt.gz";

	private volatile Set<String> longEnough;

	private volatile int listed;

	public boolean contains(String password) {
		return entries().contains(password.toLowerCase(Locale.ROOT));
	}

	/** How many passwords the bundled list holds, all lengths. */
	public int listed() {
		entries();
		return listed;
	}

	private Set<String> entries() {
		Set<String> loaded = longEnough;
		if (loaded == null) {
			synchronized (this) {
				if (longEnough == null) {
					longEnough = load();
				}
				loaded = longEnough;
			}
		}
		return loaded;
	}

	private Set<String> load() {
		Set<String> kept = new HashSet<>();
		int count = 0;
		try (InputStream raw = BreachedPasswords.class.getResourceAsStream(RESOURCE)) {
			if (raw == null) {
				throw new IllegalStateException("the breached-password list " + RESOURCE + " is missing from the build");
			}
			BufferedReader lines = new BufferedReader(
					new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				count++;
				if (line.codePointCount(0, line.length()) >= PasswordPolicy.MINIMUM) {
					kept.add(line.toLowerCase(Locale.ROOT));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the breached-password list", ex);
		}
		listed = count;
		return Set.copyOf(kept);
	}

}
