package health.haven.consent;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.identity.UsStates;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The location a client confirms at every join (TH-LOC-01): the state they are in now, an address where help can be
 * sent in an emergency (sealed under the client's key) and that they are in a private space. Only the client attests,
 * for themself. A client who is not in a private space cannot join: nothing is stored and the refusal is audited, as
 * is every other refusal (an unknown state, a missing address).
 */
@Service
public class LocationAttestations {

	static final String TABLE = "consent.location_attestation";

	static final int SHORTEST_ADDRESS = 5;

	static final int LONGEST_ADDRESS = 500;

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AuditTrail audit;

	private final TelehealthCircle circle;

	LocationAttestations(JdbcClient db, TenantWork work, FieldCipher cipher, AuditTrail audit,
			TelehealthCircle circle) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.audit = audit;
		this.circle = circle;
	}

	/**
	 * Records where the client is for this join of this session.
	 *
	 * @return the attestation's id, to pass to {@link JoinGates#check}
	 */
	public UUID record(Actor client, ClientId clientId, UUID sessionId, String state, String emergencyAddress,
			boolean privateSpace) {
		circle.requireSelf(client, clientId, AuditAction.CREATE, "location_attestation");
		Claim claim = valid(client, clientId, sessionId, state, emergencyAddress);
		if (!privateSpace) {
			throw refused(client, clientId, sessionId, "CONSENT_LOCATION_NOT_PRIVATE", claim.state(),
					"privateSpace: you cannot join from a space that is not private; join again once nobody else can see "
							+ "or hear the session");
		}
		UUID id = UUID.randomUUID();
		byte[] sealed = cipher.sealText(KeyScope.client(client.org(), clientId),
				FieldRef.of(TABLE, "emergency_address", id), claim.address());
		work.inTransaction(client.org(), () -> {
			db.sql("""
					INSERT INTO consent.location_attestation (id, org_id, client_id, session_id, state, emergency_address,
					private_space, attested_by) VALUES (?, ?, ?, ?, ?, ?, true, ?)""")
				.params(id, client.org().value(), clientId.value(), sessionId, claim.state(), sealed,
						client.user().value())
				.update();
			audit.record(AuditEntry.of(client.ref(), AuditAction.CREATE, Purpose.PATIENT_REQUEST)
				.org(client.org())
				.client(clientId)
				.resource("location_attestation", id.toString())
				.detail("session", sessionId.toString())
				.detail("state", claim.state())
				.detail("privateSpace", "true")
				.build());
		});
		return id;
	}

	/**
	 * The client's latest attestation for the session, with the emergency address: for the client and the staff in
	 * their care (decided and audited before it is returned).
	 */
	public Optional<LocationAttestation> latest(Actor viewer, ClientId client, UUID sessionId) {
		circle.requireCare(viewer, client, AuditAction.READ, "location_attestation");
		return work.reading(viewer.org(), () -> db.sql("""
				SELECT id, state, emergency_address, private_space, attested_at FROM consent.location_attestation
				WHERE client_id = ? AND session_id = ? ORDER BY attested_at DESC, id LIMIT 1""")
			.params(client.value(), sessionId)
			.query((rows, n) -> {
				UUID id = rows.getObject(1, UUID.class);
				return new LocationAttestation(id, client, sessionId, rows.getString(2),
						cipher.openText(KeyScope.client(viewer.org(), client), FieldRef.of(TABLE, "emergency_address", id),
								rows.getBytes(3)),
						rows.getBoolean(4), rows.getTimestamp(5).toInstant());
			})
			.optional());
	}

	/** The id of the client's latest attestation for the session, if any (nothing decrypted; the caller decides). */
	Optional<UUID> latestId(health.haven.shared.OrgId org, ClientId client, UUID sessionId) {
		return work.reading(org, () -> db.sql("""
				SELECT id FROM consent.location_attestation WHERE client_id = ? AND session_id = ?
				ORDER BY attested_at DESC, id LIMIT 1""")
			.params(client.value(), sessionId)
			.query(UUID.class)
			.optional());
	}

	/** The claim checked field by field (the first fault refused, audited, naming the field); privacy aside. */
	Claim valid(Actor client, ClientId clientId, UUID sessionId, String state, String emergencyAddress) {
		if (sessionId == null) {
			throw refused(client, clientId, null, "CONSENT_LOCATION_SESSION_MISSING", null,
					"sessionId: say which session the client is joining");
		}
		String code = UsStates.parse(state)
			.orElseThrow(() -> refused(client, clientId, sessionId, "CONSENT_LOCATION_STATE_INVALID", null,
					"state: give the two-letter code of the US state or territory you are in right now (e.g. OR)"));
		String address = emergencyAddress == null ? "" : emergencyAddress.strip();
		if (address.length() < SHORTEST_ADDRESS || address.length() > LONGEST_ADDRESS) {
			throw refused(client, clientId, sessionId, "CONSENT_LOCATION_ADDRESS_MISSING", code,
					"emergencyAddress: give the address where you are now, so that help can be sent in an emergency ("
							+ SHORTEST_ADDRESS + " to " + LONGEST_ADDRESS + " characters)");
		}
		return new Claim(code, address);
	}

	HavenException refused(Actor client, ClientId clientId, UUID sessionId, String code, String state,
			String explanation) {
		AuditEntry.Builder entry = AuditEntry.of(client.ref(), AuditAction.CREATE, Purpose.PATIENT_REQUEST)
			.org(client.org())
			.client(clientId)
			.resource("location_attestation", clientId.toString())
			.outcome(AuditOutcome.DENIED)
			.detail("reason", code);
		if (sessionId != null) {
			entry.detail("session", sessionId.toString());
		}
		if (state != null) {
			entry.detail("state", state);
		}
		audit.recordRefusal(entry.build());
		return new HavenException(code, Kind.BAD_REQUEST, explanation);
	}

	/** What gates need of an attestation, without opening the address. */
	Optional<Stored> stored(Actor actor, UUID attestation) {
		return work.reading(actor.org(), () -> db.sql("""
				SELECT client_id, session_id, state, private_space, attested_at FROM consent.location_attestation
				WHERE id = ?""")
			.param(attestation)
			.query((rows, n) -> new Stored(attestation, new ClientId(rows.getObject(1, UUID.class)),
					rows.getObject(2, UUID.class), rows.getString(3), rows.getBoolean(4),
					rows.getTimestamp(5).toInstant()))
			.optional());
	}

	record Claim(String state, @health.haven.shared.Phi String address) {

		@Override
		public String toString() {
			return health.haven.shared.Redaction.describe(this);
		}

	}

	record Stored(UUID id, ClientId client, UUID session, String state, boolean privateSpace,
			java.time.Instant attestedAt) {
	}

}
