package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.ClientSummary;
import health.haven.records.Clients;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client registry over JSON: the clients the caller may see, and one client. Usable with the browser session;
 * a password alone never gets here (see the sign-in rules).
 */
@RestController
@RequestMapping("/api/v1/clients")
class ClientsApi {

	private final Clients clients;

	private final AccessDecisions decisions;

	ClientsApi(Clients clients, AccessDecisions decisions) {
		this.clients = clients;
		this.decisions = decisions;
	}

	@Operation(summary = "The clients the caller may see (demographics only)")
	@GetMapping
	List<ClientJson> list(@Parameter(description = "why the data is used; defaults to the caller's usual purpose")
	@RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		return clients.visibleTo(actor, purpose(actor, purpose)).stream().map(ClientJson::of).toList();
	}

	@Operation(summary = "One client the caller may see; 404 for any other")
	@GetMapping("/{id}")
	ClientJson one(@PathVariable String id, @RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		return ClientJson.of(clients.find(actor, clientId(id), purpose(actor, purpose)));
	}

	private Purpose purpose(Actor actor, String requested) {
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

	private static ClientId clientId(String id) {
		try {
			return new ClientId(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException("CLIENT_NOT_FOUND", Kind.NOT_FOUND, "no such client");
		}
	}

	record ClientJson(String id, String name, LocalDate dateOfBirth, String state, String contact, String status) {

		static ClientJson of(ClientSummary client) {
			return new ClientJson(client.id().toString(), client.name(), client.dateOfBirth(), client.state(),
					client.contact(), client.status());
		}

		@Override
		public String toString() {
			return "ClientJson[id=" + id + "]";
		}

	}

}
