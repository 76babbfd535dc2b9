package health.haven.telehealth.internal.janus;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How Haven reaches a Janus WebRTC server for group rooms, read once at start-up. Three modes, because a laptop, the
 * test suite and a production deployment want different things: {@link Mode#OFF} (groups fall back to a small
 * peer-to-peer mesh, decided elsewhere), {@link Mode#AUTO} (Haven writes a minimal configuration under
 * {@code dataDir} and runs its own Janus on loopback ports) and {@link Mode#EXTERNAL} (an operator's Janus at
 * {@code url}, with its admin API at {@code adminUrl} when Haven is to manage stored tokens there).
 *
 * <p>Secrets are never printed by {@link #toString()}.
 *
 * @param mode off, auto or external
 * @param url the Janus API WebSocket ({@code ws://host:port}) of an external Janus
 * @param adminUrl the admin API WebSocket of an external Janus; without it Haven adds no stored tokens there
 * @param adminSecret the external Janus's {@code admin_secret}
 * @param roomAdminKey the external VideoRoom's {@code admin_key}, if it has one (room creation needs it then)
 * @param dataDir where auto mode writes its configuration and log ({@code $HAVEN_DATA_DIR/janus})
 * @param binary the janus executable for auto mode: a name looked up on the PATH, or a path
 * @param rtpPorts the UDP port range for media in auto mode, {@code min-max}
 * @param startTimeout how long auto mode waits for its Janus to answer
 */
public record JanusSettings(Mode mode, Optional<URI> url, Optional<URI> adminUrl, String adminSecret,
		String roomAdminKey, Path dataDir, String binary, String rtpPorts, Duration startTimeout) {

	/** Where group media goes. */
	public enum Mode {

		OFF, AUTO, EXTERNAL

	}

	public JanusSettings {
		if (!rtpPorts.matches("\\d{1,5}-\\d{1,5}")) {
			throw new IllegalArgumentException("haven.telehealth.janus.rtp-ports must look like 20000-40000");
		}
		if (mode == Mode.EXTERNAL && url.isEmpty()) {
			throw new IllegalArgumentException("HAVEN_JANUS_URL is needed to use an external Janus");
		}
	}

	/**
	 * Reads the settings as written by an operator: {@code mode} is {@code auto}, {@code off} or empty (external
	 * when a URL is given, off otherwise); an explicit {@code external} needs the URL.
	 */
	public static JanusSettings of(String mode, String url, String adminUrl, String adminSecret, String roomAdminKey,
			Path dataDir, String binary, String rtpPorts, Duration startTimeout) {
		Optional<URI> janusUrl = nonBlank(url).map(URI::create);
		Mode chosen = switch (mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT)) {
			case "auto" -> Mode.AUTO;
			case "external", "url" -> Mode.EXTERNAL;
			case "", "off", "false", "none" -> janusUrl.isPresent() ? Mode.EXTERNAL : Mode.OFF;
			default -> throw new IllegalArgumentException("HAVEN_JANUS must be auto or off, not '" + mode + "'");
		};
		return new JanusSettings(chosen, janusUrl, nonBlank(adminUrl).map(URI::create),
				adminSecret == null ? "" : adminSecret, roomAdminKey == null ? "" : roomAdminKey, dataDir, binary,
				rtpPorts, startTimeout);
	}

	/** Auto mode in {@code dir} with the defaults: what tests use. */
	public static JanusSettings auto(Path dir) {
		return of("auto", "", "", "", "", dir, "janus", "20000-40000", Duration.ofSeconds(15));
	}

	private static Optional<String> nonBlank(String value) {
		return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
	}

	@Override
	public String toString() {
		return "JanusSettings[mode=" + mode + ", url=" + url.map(URI::toString).orElse("-") + ", adminUrl="
				+ adminUrl.map(URI::toString).orElse("-") + ", dataDir=" + dataDir + ", rtpPorts=" + rtpPorts + "]";
	}

}
