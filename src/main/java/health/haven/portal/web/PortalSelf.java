package health.haven.portal.web;

import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * The record a signed-in client's portal pages are about: their own, found from the account (never from the URL, so
 * there is no id to change to reach someone else's). Staff and auditors have no record of their own here.
 */
@Component
class PortalSelf {

	static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final CareTeams careTeams;

	PortalSelf(CareTeams careTeams) {
		this.careTeams = careTeams;
	}

	ClientId self(Actor actor) {
		return careTeams.clientsOf(actor.org(), actor.user())
			.stream()
			.filter(client -> careTeams.relationship(actor.org(), actor.user(), client) == Relationship.SELF)
			.sorted(java.util.Comparator.comparing(ClientId::toString))
			.findFirst()
			.orElseThrow(() -> new HavenException("PORTAL_CLIENTS_ONLY", Kind.FORBIDDEN,
					"these pages are for clients, about their own record"));
	}

	static String day(Instant at) {
		return at == null ? "" : DAY.format(at);
	}

	static String time(Instant at) {
		return at == null ? "" : TIME.format(at);
	}

}
