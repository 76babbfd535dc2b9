package health.haven.telehealth.internal;

import health.haven.shared.OrgId;
import health.haven.telehealth.TelehealthRooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Closes rooms that have been empty for longer than {@code haven.telehealth.idle-close}. Rooms are also closed on
 * the spot when someone asks for one that has been idle that long, so a restart (which forgets which organizations
 * have rooms) leaves nothing open for good.
 */
@Component
class IdleRooms {

	private static final Logger log = LoggerFactory.getLogger(IdleRooms.class);

	private final TelehealthRooms rooms;

	private final Presence presence;

	private final TelehealthSettings settings;

	IdleRooms(TelehealthRooms rooms, Presence presence, TelehealthSettings settings) {
		this.rooms = rooms;
		this.presence = presence;
		this.settings = settings;
	}

	@Scheduled(initialDelayString = "${haven.telehealth.idle-sweep:PT30S}", fixedDelayString = "${haven.telehealth.idle-sweep:PT30S}")
	void sweep() {
		for (OrgId org : presence.organizations()) {
			try {
				int closed = rooms.closeIdle(org, settings.idleClose());
				if (closed > 0) {
					log.info("Closed {} idle telehealth rooms", closed);
				}
			}
			catch (RuntimeException ex) {
				log.warn("The idle room sweep failed: {}", ex.getClass().getSimpleName());
			}
		}
	}

}
