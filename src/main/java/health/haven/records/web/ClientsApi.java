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
import health.haven.records.ClientAlreadyRegistered;
import health.haven.records.NewClient;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import health.haven.shared.web.ProblemDetailsAdvice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

	/**
	 * Registers a client at admission (front desk, clinicians, program directors; see {@link Clients#admit}). A
	 * duplicate name and date of birth is 409; the existing client's id is added as {@code existingClient} only for
	 * someone who may see that client.
	 */
	@Operation(summary = "Register a client (front desk, clinicians, program directors); 409 for a duplicate")
	@PostMapping
	ResponseEntity<?> register(@RequestBody(required = false) Registration registration) {
		Actor actor = CurrentActor.require();
		clients.requireRegistrar(actor);
		Registration given = registration == null ? new Registration(null, null, null, null, null) : registration;
		try {
			ClientId id = clients.admit(actor,
					new NewClient(given.name(), birthDate(given.dateOfBirth()), given.state(), given.contact()),
					careTeam(given.careTeam()));
			return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id.toString()));
		}
		catch (ClientAlreadyRegistered ex) {
			ResponseEntity<ProblemDetail> problem = ProblemDetailsAdvice.problem(HttpStatus.CONFLICT, ex.code(),
					ex.explanation());
			ex.visibleExisting().ifPresent(existing -> problem.getBody().setProperty("existingClient",
					existing.toString()));
			return problem;
		}
	}

	/**
	 * Finds a client by full name and date of birth (exact, through the blind index). A client the caller may not see
	 * is answered as no match: an empty list.
	 */
	@Operation(summary = "Find a client by exact name and date of birth; an empty list when none the caller may see")
	@GetMapping("/search")
	List<ClientJson> search(@RequestParam(required = false) String name,
			@RequestParam(required = false) String dateOfBirth) {
		Actor actor = StaffPages.staff();
		return clients.search(actor, name, searchDate(dateOfBirth)).stream().map(ClientJson::of).toList();
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

	/**
	 * The care team named in a registration, if any. One that is not an id becomes an id no team has, so that the
	 * registry refuses it as it refuses any team not offered, after it has checked the registrant's role.
	 */
	static Optional<UUID> careTeam(String value) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		UUID team = ChartRequests.optionalUuid(value);
		return Optional.of(team == null ? new UUID(0L, 0L) : team);
	}

	/** A form's or request's date of birth; anything but YYYY-MM-DD is a clear 400. */
	static LocalDate birthDate(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new HavenException("RECORDS_CLIENT_BIRTH_DATE_INVALID", Kind.BAD_REQUEST,
					"the date of birth is written as YYYY-MM-DD");
		}
	}

	static LocalDate searchDate(String value) {
		try {
			return birthDate(value);
		}
		catch (HavenException ex) {
			throw new HavenException("RECORDS_SEARCH_BIRTH_DATE_INVALID", Kind.BAD_REQUEST,
					"search with the client's date of birth (YYYY-MM-DD)");
		}
	}

	/** A registration as the API takes it; the date of birth as YYYY-MM-DD, the care team by id (optional). */
	record Registration(@Phi String name, @Phi String dateOfBirth, @Phi String state, @Phi String contact,
			String careTeam) {

		@Override
		public String toString() {
			return Redaction.describe(this);
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
