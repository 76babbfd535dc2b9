package health.haven.consent;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The consent texts bundled with Haven: {@code consent/texts/<slug>-v<n>.txt} on the class path, versions 1, 2, ...
 * without gaps; the highest is current. A new version is published by adding its file (reviewed by counsel) in a
 * release; every client then signs again before their next session.
 */
@Service
public class ConsentTexts {

	private final Map<ConsentKind, List<ConsentText>> versions = new EnumMap<>(ConsentKind.class);

	ConsentTexts() {
		for (ConsentKind kind : ConsentKind.values()) {
			List<ConsentText> texts = new ArrayList<>();
			for (int version = 1;; version++) {
				String body = read("consent/texts/" + kind.slug() + "-v" + version + ".txt");
				if (body == null) {
					break;
				}
				texts.add(new ConsentText(kind, version, body, sha256(body)));
			}
			if (texts.isEmpty()) {
				throw new IllegalStateException("no bundled text for consent " + kind);
			}
			versions.put(kind, texts);
		}
	}

	public synchronized ConsentText current(ConsentKind kind) {
		List<ConsentText> texts = versions.get(kind);
		return texts.get(texts.size() - 1);
	}

	public synchronized Optional<ConsentText> version(ConsentKind kind, int version) {
		List<ConsentText> texts = versions.get(kind);
		return version < 1 || version > texts.size() ? Optional.empty() : Optional.of(texts.get(version - 1));
	}

	/**
	 * Adds the next version of a text in this process only: for tests of what a new version means (new versions are
	 * otherwise released as files). Package-private so that nothing outside the module can change what clients sign.
	 */
	synchronized ConsentText publishForTest(ConsentKind kind, String body) {
		List<ConsentText> texts = versions.get(kind);
		ConsentText text = new ConsentText(kind, texts.size() + 1, body, sha256(body));
		texts.add(text);
		return text;
	}

	/** Takes back the version {@link #publishForTest} added, so that tests after it see the bundled texts again. */
	synchronized void withdrawForTest(ConsentText text) {
		List<ConsentText> texts = versions.get(text.kind());
		if (texts.size() > 1 && texts.get(texts.size() - 1).equals(text)) {
			texts.remove(texts.size() - 1);
		}
	}

	static String sha256(String body) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(String resource) {
		try (InputStream in = ConsentTexts.class.getClassLoader().getResourceAsStream(resource)) {
			return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new HavenException("CONSENT_TEXT_UNREADABLE", Kind.INTERNAL, "a bundled consent text is unreadable",
					ex);
		}
	}

}
