package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import java.util.Locale;
import java.util.UUID;

/** Reading the parts of a chart request every chart endpoint shares: the client's id and the purpose. */
final class ChartRequests {

	private ChartRequests() {
	}

	/** A malformed id is "no such client", the same answer as for a client outside one's care. */
	static ClientId clientId(String id) {
		try {
			return new ClientId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("CLIENT_NOT_FOUND", Kind.NOT_FOUND, "no such client");
		}
	}

	static Purpose purpose(AccessDecisions decisions, Actor actor, String requested) {
		if (requested == null || requested.isBlank()) {
			return decisions.usualPurpose(actor);
		}
		try {
			return Purpose.valueOf(requested.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("API_PURPOSE_UNKNOWN", Kind.BAD_REQUEST,
					"purpose must be one of TREATMENT, PAYMENT, OPERATIONS, PATIENT_REQUEST, EMERGENCY");
		}
	}

	static UUID optionalUuid(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
