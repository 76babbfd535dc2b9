package health.haven.identity.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where passkeys may be used from: the relying party id (the host name a passkey is bound to) and the exact origins a
 * browser may report. {@code haven.webauthn.rp-id} defaults to {@code localhost}; {@code haven.webauthn.origins}
 * (comma-separated) defaults to {@code https://<rp-id>:<port>}, with the port the server actually listens on, known
 * only once it has started (tests run on a random port). Spring's relying party reads this set on every ceremony.
 */
@Component
class PasskeyOrigins {

	private final String rpId;

	private final Set<String> origins = new CopyOnWriteArraySet<>();

	private final boolean configured;

	PasskeyOrigins(@Value("${haven.webauthn.rp-id:localhost}") String rpId,
			@Value("${haven.webauthn.origins:}") List<String> configured) {
		this.rpId = rpId;
		configured.stream().map(String::strip).filter(origin -> !origin.isEmpty()).forEach(this.origins::add);
		this.configured = !this.origins.isEmpty();
	}

	String rpId() {
		return rpId;
	}

	/** Live: filled in when the web server has started, unless origins were configured. */
	Set<String> allowed() {
		return origins;
	}

	@EventListener
	void started(WebServerInitializedEvent event) {
		if (configured || event.getApplicationContext().getServerNamespace() != null) {
			return;
		}
		int port = event.getWebServer().getPort();
		origins.add(port == 443 ? "https://" + rpId : "https://" + rpId + ":" + port);
	}

}
