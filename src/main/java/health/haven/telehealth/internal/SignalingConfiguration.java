package health.haven.telehealth.internal;

import health.haven.audit.AuditTrail;
import health.haven.consent.JoinGates;
import health.haven.identity.Accounts;
import health.haven.shared.tenancy.TenantWork;
import health.haven.telehealth.TelehealthRooms;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The signaling endpoint, {@code /telehealth/signal?room=<id>}: same origin only (no allowed origins are configured,
 * so Spring's origin interceptor accepts only the page's own origin), signed in (the security filter chain), and a
 * seat in the room ({@link SignalingHandshake}).
 */
@Configuration
@EnableWebSocket
class SignalingConfiguration implements WebSocketConfigurer {

	static final String PATH = "/telehealth/signal";

	private final Signaling signaling;

	private final TelehealthRooms rooms;

	SignalingConfiguration(TelehealthRooms rooms, RoomStore store, Presence presence, AuditTrail audit,
			TenantWork work, TelehealthSettings settings, ObjectProvider<RelayedMessages> relayed, JoinGates gates,
			Accounts accounts, GroupMedia media, MediaCalls mediaCalls) {
		this.rooms = rooms;
		this.signaling = new Signaling(rooms, store, presence, audit, work, settings, relayed, gates, accounts, media,
				mediaCalls);
	}

	@Bean
	Signaling signaling() {
		return signaling;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(signaling, PATH).addInterceptors(new SignalingHandshake(rooms));
	}

}
