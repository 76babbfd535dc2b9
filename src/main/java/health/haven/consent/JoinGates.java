package health.haven.consent;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.identity.Actor;
import health.haven.identity.StaffLicenses;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The join gates of a telehealth session, each checked here by the server (issue 6, TH-CON-01, TH-LOC-01,
 * TH-LIC-01): the current telehealth informed consent signed; for a group, the current group confidentiality agreement
 * signed; where the client is confirmed for this join (an attestation of this session from the last
 * {@link #ATTESTATION_VALID_FOR}); a private space; and the facilitator (or clinician) licensed today for the state the
 * client is in. The rooms ask before admitting anyone; every check is audited, refusals with their codes.
 *
 * <p>License validity is judged on today's date in UTC: near midnight this is at most a few hours stricter than the
 * state's own calendar, never looser.
 */
@Service
public class JoinGates {

	/** An attestation confirms the location of one join: one older than this is stale (the client joins again). */
	public static final Duration ATTESTATION_VALID_FOR = Duration.ofMinutes(30);

	private final ClientConsents consents;

	private final LocationAttestations attestations;

	private final StaffLicenses licenses;

	private final TelehealthCircle circle;

	private final AuditTrail audit;

	private final TenantWork work;

	private final Clock clock = Clock.systemUTC();

	JoinGates(ClientConsents consents, LocationAttestations attestations, StaffLicenses licenses,
			TelehealthCircle circle, AuditTrail audit, TenantWork work) {
		this.work = work;
		this.consents = consents;
		this.attestations = attestations;
		this.licenses = licenses;
		this.circle = circle;
		this.audit = audit;
	}

	/**
	 * Checks every gate for a client joining a session. Asked by the client themself (as they join) or by staff in
	 * their care (as they admit); anyone else is refused as for any client data.
	 *
	 * @param group whether the session is a group (the group agreement is then needed too)
	 * @param facilitator who runs the session: must be licensed for the client's state
	 * @param attestation the location the client confirmed for this join ({@link LocationAttestations#record}), if any
	 */
	public JoinCheck check(Actor actor, ClientId client, UUID sessionId, boolean group, UserId facilitator,
			Optional<UUID> attestation) {
		require(sessionId, facilitator);
		// Every gate read in one transaction: a room checks this for each client joining, many at a group's start.
		return work.reading(actor.org(), () -> checkReading(actor, client, sessionId, group, facilitator, attestation));
	}

	private JoinCheck checkReading(Actor actor, ClientId client, UUID sessionId, boolean group, UserId facilitator,
			Optional<UUID> attestation) {
		circle.requireCare(actor, client, AuditAction.READ, "join_gate");
		List<JoinGate> unmet = consentGates(actor, client, group);
		Optional<LocationAttestations.Stored> stored = attestation.flatMap(id -> attestations.stored(actor, id))
			.filter(found -> found.client().equals(client) && found.session().equals(sessionId)
					&& found.attestedAt().plus(ATTESTATION_VALID_FOR).isAfter(Instant.now(clock)));
		String state = null;
		if (stored.isEmpty()) {
			unmet.add(JoinGate.LOCATION_NOT_CONFIRMED);
		}
		else {
			state = stored.get().state();
			if (!stored.get().privateSpace()) {
				unmet.add(JoinGate.NOT_PRIVATE);
			}
			licenseGate(actor, facilitator, state, unmet);
		}
		return answer(actor, client, sessionId, group, facilitator, unmet, state);
	}

	/**
	 * {@link #check} against the client's latest location attestation for the session, as the room does when the
	 * client connects and when staff admit them.
	 */
	public JoinCheck checkLatest(Actor actor, ClientId client, UUID sessionId, boolean group, UserId facilitator) {
		require(sessionId, facilitator);
		return work.reading(actor.org(), () -> checkReading(actor, client, sessionId, group, facilitator,
				attestations.latestId(actor.org(), client, sessionId)));
	}

	/**
	 * Records the client's location for this join and checks every gate, in one step for the join page. Bad input
	 * (no session, an unknown state, no address) is refused with a 400 naming the field; a client who says they are not
	 * in a private space is not recorded and gets {@link JoinGate#NOT_PRIVATE} among the gates not met.
	 */
	public JoinCheck attestAndCheck(Actor client, ClientId clientId, UUID sessionId, boolean group,
			UserId facilitator, String state, String emergencyAddress, boolean privateSpace) {
		require(sessionId, facilitator);
		if (privateSpace) {
			UUID attestation = attestations.record(client, clientId, sessionId, state, emergencyAddress, true);
			return check(client, clientId, sessionId, group, facilitator, Optional.of(attestation));
		}
		circle.requireSelf(client, clientId, AuditAction.CREATE, "location_attestation");
		LocationAttestations.Claim claim = attestations.valid(client, clientId, sessionId, state, emergencyAddress);
		List<JoinGate> unmet = consentGates(client, clientId, group);
		unmet.add(JoinGate.NOT_PRIVATE);
		licenseGate(client, facilitator, claim.state(), unmet);
		return answer(client, clientId, sessionId, group, facilitator, unmet, claim.state());
	}

	private List<JoinGate> consentGates(Actor actor, ClientId client, boolean group) {
		List<JoinGate> unmet = new ArrayList<>();
		if (!consents.hasSignedCurrent(actor.org(), client, ConsentKind.TELEHEALTH)) {
			unmet.add(JoinGate.TELEHEALTH_CONSENT_MISSING);
		}
		if (group && !consents.hasSignedCurrent(actor.org(), client, ConsentKind.GROUP_AGREEMENT)) {
			unmet.add(JoinGate.GROUP_AGREEMENT_MISSING);
		}
		return unmet;
	}

	private void licenseGate(Actor actor, UserId facilitator, String state, List<JoinGate> unmet) {
		if (!licenses.licensedIn(actor.org(), facilitator, state, LocalDate.now(clock.withZone(ZoneOffset.UTC)))) {
			unmet.add(JoinGate.FACILITATOR_NOT_LICENSED_IN_STATE);
		}
	}

	private JoinCheck answer(Actor actor, ClientId client, UUID sessionId, boolean group, UserId facilitator,
			List<JoinGate> unmet, String state) {
		AuditEntry.Builder entry = AuditEntry.of(actor.ref(), AuditAction.READ, circle.purpose(actor))
			.org(actor.org())
			.client(client)
			.resource("join_gate", sessionId.toString())
			.detail("group", String.valueOf(group))
			.detail("facilitator", facilitator.toString());
		if (state != null) {
			entry.detail("state", state);
		}
		if (unmet.isEmpty()) {
			audit.recordBeforeRead(entry.outcome(AuditOutcome.ALLOWED).build());
		}
		else {
			audit.recordRefusal(entry.outcome(AuditOutcome.DENIED)
				.detail("unmet", unmet.stream().map(JoinGate::name).collect(Collectors.joining("+")))
				.build());
		}
		return new JoinCheck(unmet.stream().map(gate -> new JoinCheck.Unmet(gate, reason(gate, state))).toList(),
				state);
	}

	private static String reason(JoinGate gate, String state) {
		return gate == JoinGate.FACILITATOR_NOT_LICENSED_IN_STATE && state != null
				? gate.reason() + " (State: " + state + ".)" : gate.reason();
	}

	private static void require(UUID sessionId, UserId facilitator) {
		if (sessionId == null) {
			throw new HavenException("CONSENT_JOIN_SESSION_MISSING", Kind.BAD_REQUEST,
					"sessionId: say which session the client is joining");
		}
		if (facilitator == null) {
			throw new HavenException("CONSENT_JOIN_FACILITATOR_MISSING", Kind.BAD_REQUEST,
					"facilitator: say who runs the session");
		}
	}

}
