package health.haven.portal.web;

import health.haven.scheduling.SessionEntry;
import health.haven.scheduling.Sessions;
import health.haven.telehealth.JoinableSession;
import health.haven.telehealth.TelehealthRooms;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The client's next sessions, each with a Join button that works when the room can be entered (from 15 minutes
 * before the start until the end: {@link TelehealthRooms#joinableNow}). Joining goes to the session's room page,
 * where the server checks the join gates again.
 */
@Component
@Order(10)
class SessionsSection implements HomeSection {

	static final int SHOWN = 5;

	private final Sessions sessions;

	private final TelehealthRooms rooms;

	SessionsSection(Sessions sessions, TelehealthRooms rooms) {
		this.sessions = sessions;
		this.rooms = rooms;
	}

	@Override
	public Optional<Shown> show(PortalClient client) {
		Set<UUID> joinable = rooms.joinableNow(client.actor())
			.stream()
			.map(JoinableSession::session)
			.map(SessionEntry::id)
			.collect(Collectors.toSet());
		List<Line> next = sessions.upcoming(client.actor())
			.stream()
			.limit(SHOWN)
			.map(entry -> new Line(entry, joinable.contains(entry.id())))
			.toList();
		return Optional.of(new Shown("sessions", next));
	}

	/** A session in the list and whether its room can be entered now. */
	record Line(SessionEntry session, boolean joinable) {

		public boolean cancelled() {
			return session.status() == health.haven.scheduling.SessionStatus.CANCELLED;
		}

	}

}
