package health.haven.telehealth.internal;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.shared.HavenException;
import health.haven.telehealth.TelehealthRooms;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Decides the WebSocket upgrade: the signed-in person (the HTTP session, checked by the security filter chain before
 * this) must have a seat in the room named by {@code ?room=}; anyone else gets "not found" and the refusal is audited
 * by {@link TelehealthRooms#seated}, whose decision the join then uses. The origin is checked by Spring's origin
 * interceptor, which runs before this one.
 */
class SignalingHandshake implements HandshakeInterceptor {

	private final TelehealthRooms rooms;

	SignalingHandshake(TelehealthRooms rooms) {
		this.rooms = rooms;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		Actor actor = CurrentActor.get().orElse(null);
		if (actor == null) {
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			return false;
		}
		UUID room;
		try {
			room = UUID.fromString(String.valueOf(
					UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("room")));
		}
		catch (IllegalArgumentException ex) {
			response.setStatusCode(HttpStatus.NOT_FOUND);
			return false;
		}
		try {
			attributes.put(Signaling.SEATED, rooms.seated(actor, room));
		}
		catch (HavenException ex) {
			response.setStatusCode(HttpStatus.NOT_FOUND);
			return false;
		}
		if (request instanceof org.springframework.http.server.ServletServerHttpRequest servlet
				&& servlet.getServletRequest().getSession(false) != null) {
			// Kept on the server only: the sweep ends this connection when the session ends (SignedOutConnections).
			attributes.put(Signaling.HTTP_SESSION, servlet.getServletRequest().getSession(false).getId());
		}
		attributes.put(Signaling.ACTOR, actor);
		attributes.put(Signaling.ROOM, room);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
