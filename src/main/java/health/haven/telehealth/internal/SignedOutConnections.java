package health.haven.telehealth.internal;

import health.haven.identity.LiveSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A signaling connection lives as long as the signed-in session that opened it: every
 * {@code haven.telehealth.session-sweep} (default 10 s) the sessions behind the open connections are looked up at
 * once, and the connections of those signed out, revoked or timed out are ended.
 */
@Component
class SignedOutConnections {

	private static final Logger log = LoggerFactory.getLogger(SignedOutConnections.class);

	private final Signaling signaling;

	private final LiveSessions sessions;

	SignedOutConnections(Signaling signaling, LiveSessions sessions) {
		this.signaling = signaling;
		this.sessions = sessions;
	}

	@Scheduled(initialDelayString = "${haven.telehealth.session-sweep:PT10S}",
			fixedDelayString = "${haven.telehealth.session-sweep:PT10S}")
	void sweep() {
		try {
			int ended = signaling.endSignedOut(sessions::alive);
			if (ended > 0) {
				log.info("Ended {} telehealth connections whose sessions had ended", ended);
			}
		}
		catch (RuntimeException ex) {
			log.warn("The signed-out connection sweep failed: {}", ex.getClass().getSimpleName());
		}
	}

}
