package health.haven.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.identity.StaffLicenses;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.support.AuditLog;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The join gates of a telehealth session and their building blocks: staff licenses (state, expiry), versioned consent
 * texts signed by the client, the location confirmed at each join, and the combined check, each decided by the server
 * and audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinGatesIT {

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	final GatesClinic clinic = new GatesClinic(server);

	final StaffLicenses licenses = server.bean(StaffLicenses.class);

	final ClientConsents consents = server.bean(ClientConsents.class);

	final LocationAttestations attestations = server.bean(LocationAttestations.class);

	final JoinGates gates = server.bean(JoinGates.class);

	final LocalDate today = LocalDate.now(ZoneOffset.UTC);

	@Test
	@Covers("TH-LIC-01")
	void theAdminRecordsLicensesAndOnlyAnActiveOneForTheStateCounts() {
		Http admin = clinic.signIn("admin");
		String clinician = clinic.user("clinician").toString();
		HttpResponse<String> added = admin.postForm("/admin/licenses", "/admin/licenses", Map.of("staff", clinician,
				"state", "wa", "type", "LCSW", "number", "LC 60712", "expiresOn", today.plusYears(1).toString()));
		assertThat(added.statusCode()).isEqualTo(200);
		assertThat(licenses.licensedIn(clinic.org, clinic.user("clinician"), "WA", today)).isTrue();
		assertThat(licenses.licensedIn(clinic.org, clinic.user("clinician"), "OR", today)).as("another state").isFalse();
		assertThat(licenses.licensedIn(clinic.org, clinic.user("clinician"), "WA", today.plusYears(1).plusDays(1)))
			.as("after its expiry date").isFalse();
		assertThat(AuditLog.awaitDetails(db, "resource_type = 'staff_license' AND action = 'CREATE' AND org_id = ?",
				clinic.org.value())).contains("WA", "LCSW").doesNotContain("60712");

		UUID expired = licenses.add(clinic.actor("admin"), clinic.user("clinician"),
				new health.haven.identity.NewLicense("ID", health.haven.identity.LicenseType.LPC, "X-1",
						today.minusDays(1)));
		assertThat(licenses.licensedIn(clinic.org, clinic.user("clinician"), "ID", today)).as("expired").isFalse();
		HttpResponse<String> renewed = admin.postForm("/admin/licenses/" + expired, "/admin/licenses",
				Map.of("state", "ID", "type", "LPC", "number", "X-1", "expiresOn", today.plusMonths(6).toString()));
		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(licenses.licensedIn(clinic.org, clinic.user("clinician"), "ID", today)).as("renewed").isTrue();

		long before = licenseRows();
		HttpResponse<String> noState = admin.postForm("/admin/licenses", "/admin/licenses", Map.of("staff", clinician,
				"state", "XX", "type", "LCSW", "number", "1", "expiresOn", today.plusYears(1).toString()));
		assertThat(noState.statusCode()).isEqualTo(400);
		assertThat(noState.body()).contains("state:");
		HttpResponse<String> noNumber = admin.postForm("/admin/licenses", "/admin/licenses",
				Map.of("staff", clinician, "state", "CA", "type", "LCSW", "expiresOn", today.plusYears(1).toString()));
		assertThat(noNumber.statusCode()).isEqualTo(400);
		assertThat(noNumber.body()).contains("number:");
		assertThat(licenseRows()).as("nothing written").isEqualTo(before);
	}

	@Test
	@Covers("TH-LIC-01")
	void onlyTheAdminChangesLicensesAndTheHolderAndTheDirectorReadThem() {
		licenses.add(clinic.actor("admin"), clinic.user("facilitator"), new health.haven.identity.NewLicense("NV",
				health.haven.identity.LicenseType.LMFT, "NV-777", today.plusYears(2)));
		long before = licenseRows();
		Http clinician = clinic.signIn("clinician");
		HttpResponse<String> refused = clinician.postForm("/admin/licenses", "/", Map.of("staff",
				clinic.user("clinician").toString(), "state", "NV", "type", "LCSW", "number", "9", "expiresOn",
				today.plusYears(1).toString()));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThatThrownBy(() -> licenses.add(clinic.actor("clinician"), clinic.user("clinician"),
				new health.haven.identity.NewLicense("NV", health.haven.identity.LicenseType.LCSW, "9",
						today.plusYears(1))))
			.isInstanceOf(HavenException.class)
			.hasMessageStartingWith("IDENTITY_LICENSE_CHANGE_NOT_ALLOWED");
		assertThat(licenseRows()).isEqualTo(before);
		assertThat(AuditLog.awaitCount(db, 1, "resource_type = 'staff_license' AND outcome = 'DENIED' AND actor_user = ?",
				clinic.user("clinician").value())).isPositive();

		assertThat(clinic.signIn("facilitator").get("/account/licenses").body()).contains("NV-777");
		assertThat(clinician.get("/account/licenses").body()).doesNotContain("NV-777");
		assertThat(clinician.get("/licenses").statusCode()).isEqualTo(403);
		assertThat(clinic.signIn("director").get("/licenses").body()).contains("NV-777", "facilitator");
	}

	@Test
	@Covers("TH-CON-01")
	void aClientSignsTheCurrentTextWithTheirTypedNameSealedAndANewVersionNeedsANewSignature() {
		ClientId client = clinic.portalClient("signer");
		Http browser = clinic.signIn("signer");
		ConsentText current = server.bean(ConsentTexts.class).current(ConsentKind.TELEHEALTH);
		assertThat(browser.get("/consents/telehealth").body()).contains("Telehealth informed consent", "988");

		HttpResponse<String> unnamed = browser.postForm("/consents/telehealth", "/consents/telehealth",
				Map.of("version", String.valueOf(current.version()), "agreed", "true"));
		assertThat(unnamed.statusCode()).isEqualTo(400);
		assertThat(unnamed.body()).contains("typedName:");
		HttpResponse<String> unticked = browser.postForm("/consents/telehealth", "/consents/telehealth",
				Map.of("version", String.valueOf(current.version()), "typedName", "Robin Quarrystone"));
		assertThat(unticked.statusCode()).isEqualTo(400);
		assertThat(unticked.body()).contains("agreed:");
		assertThat(signatureRows(client)).as("nothing written").isZero();

		HttpResponse<String> signed = browser.postForm("/consents/telehealth", "/consents/telehealth", Map.of("version",
				String.valueOf(current.version()), "typedName", "Robin Quarrystone", "agreed", "true"));
		assertThat(signed.statusCode()).isEqualTo(302);
		assertThat(consents.hasSignedCurrent(clinic.org, client, ConsentKind.TELEHEALTH)).isTrue();
		assertThat(consents.hasSignedCurrent(clinic.org, client, ConsentKind.GROUP_AGREEMENT)).isFalse();
		assertThat(db.sql("""
				SELECT count(*) FROM consent.consent_signature WHERE client_id = ?
				AND position(convert_to('Robin Quarrystone', 'UTF8') IN typed_name) = 0 AND content_sha256 = ?
				AND text_version = ?""")
			.params(client.value(), current.sha256(), current.version())
			.query(Long.class)
			.single()).as("the typed name is sealed").isEqualTo(1);
		assertThat(AuditLog.awaitDetails(db, "resource_type = 'consent_signature' AND action = 'CREATE' AND client_id = ?",
				client.value())).contains("TELEHEALTH", current.sha256()).doesNotContain("Quarrystone");

		Http clinician = clinic.signIn("clinician");
		String status = clinician.get("/api/v1/clients/" + client + "/consents", "application/json").body();
		assertThat(status).contains("\"signedCurrent\":true").doesNotContain("Quarrystone");
		assertThat(clinic.signIn("frontdesk").get("/api/v1/clients/" + client + "/consents", "application/json")
			.statusCode()).as("not in the client's care").isEqualTo(403);
		assertThat(clinic.signIn("clinician2").get("/api/v1/clients/" + client + "/consents", "application/json")
			.statusCode()).isEqualTo(404);

		ConsentText next = server.bean(ConsentTexts.class).publishForTest(ConsentKind.TELEHEALTH,
				current.body() + "\nAdded: audio-only sessions when video fails.\n");
		try {
			assertThat(consents.hasSignedCurrent(clinic.org, client, ConsentKind.TELEHEALTH)).as("new version")
				.isFalse();
			assertThatThrownBy(() -> consents.sign(clinic.actor("signer"), client, ConsentKind.TELEHEALTH,
					current.version(), "Robin Quarrystone", true)).hasMessageStartingWith("CONSENT_TEXT_OUTDATED");
			consents.sign(clinic.actor("signer"), client, ConsentKind.TELEHEALTH, next.version(), "Robin Quarrystone",
					true);
			assertThat(consents.hasSignedCurrent(clinic.org, client, ConsentKind.TELEHEALTH)).isTrue();
			assertThat(consents.signatures(clinic.actor("clinician"), client)).hasSize(2)
				.anySatisfy(one -> assertThat(one.current()).isTrue())
				.anySatisfy(one -> assertThat(one.current()).isFalse());
		}
		finally {
			// The texts are the shared test server's: later tests see the bundled versions again.
			server.bean(ConsentTexts.class).withdrawForTest(next);
		}
	}

	@Test
	@Covers("TH-CON-01")
	void aClientSignsOnlyForThemselfAndStaffCannotSignForAClient() {
		ClientId client = clinic.portalClient("own");
		clinic.portalClient("neighbour");
		int version = server.bean(ConsentTexts.class).current(ConsentKind.GROUP_AGREEMENT).version();
		assertThatThrownBy(() -> consents.sign(clinic.actor("clinician"), client, ConsentKind.GROUP_AGREEMENT, version,
				"Someone Else", true)).hasMessageStartingWith("CONSENT_CLIENT_SELF_ONLY");
		assertThatThrownBy(() -> consents.sign(clinic.actor("neighbour"), client, ConsentKind.GROUP_AGREEMENT, version,
				"Someone Else", true)).hasMessageStartingWith("CLIENT_NOT_FOUND");
		assertThat(clinic.signIn("clinician").postForm("/consents/group-agreement", "/", Map.of("version",
				String.valueOf(version), "typedName", "Someone Else", "agreed", "true")).statusCode()).isEqualTo(403);
		assertThat(signatureRows(client)).isZero();
		assertThat(AuditLog.awaitCount(db, 2, "resource_type = 'consent_signature' AND outcome = 'DENIED' AND client_id = ?",
				client.value())).isGreaterThanOrEqualTo(2);
	}

	@Test
	@Covers("TH-LOC-01")
	void aJoinNeedsAKnownStateAnAddressAndAPrivateSpaceAndTheAddressIsSealed() {
		ClientId client = clinic.portalClient("attester");
		UUID session = UUID.randomUUID();
		assertThatThrownBy(() -> attestations.record(clinic.actor("attester"), client, session, "ZZ", "1 Main St",
				true)).hasMessageStartingWith("CONSENT_LOCATION_STATE_INVALID").hasMessageContaining("state:");
		assertThatThrownBy(() -> attestations.record(clinic.actor("attester"), client, session, "OR", " ", true))
			.hasMessageStartingWith("CONSENT_LOCATION_ADDRESS_MISSING").hasMessageContaining("emergencyAddress:");
		assertThatThrownBy(() -> attestations.record(clinic.actor("attester"), client, session, "OR",
				"12 Heron Lane, Bend", false)).hasMessageStartingWith("CONSENT_LOCATION_NOT_PRIVATE")
			.hasMessageContaining("cannot join");
		assertThatThrownBy(() -> attestations.record(clinic.actor("clinician"), client, session, "OR",
				"12 Heron Lane, Bend", true)).hasMessageStartingWith("CONSENT_CLIENT_SELF_ONLY");
		assertThat(attestationRows(client)).as("nothing written").isZero();
		assertThat(AuditLog.awaitCount(db, 4, "resource_type = 'location_attestation' AND outcome = 'DENIED' AND client_id = ?",
				client.value())).isGreaterThanOrEqualTo(4);

		UUID id = attestations.record(clinic.actor("attester"), client, session, "or", "12 Heron Lane, Bend", true);
		assertThat(attestations.latest(clinic.actor("facilitator"), client, session)).hasValueSatisfying(found -> {
			assertThat(found.id()).isEqualTo(id);
			assertThat(found.state()).isEqualTo("OR");
			assertThat(found.emergencyAddress()).isEqualTo("12 Heron Lane, Bend");
			assertThat(found.toString()).doesNotContain("Heron");
		});
		assertThat(db.sql("""
				SELECT count(*) FROM consent.location_attestation WHERE client_id = ?
				AND position(convert_to('Heron Lane', 'UTF8') IN emergency_address) = 0""")
			.param(client.value())
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(AuditLog.awaitDetails(db, "resource_type = 'location_attestation' AND outcome = 'ALLOWED' AND client_id = ?",
				client.value())).doesNotContain("Heron");
		assertThatThrownBy(() -> attestations.latest(clinic.actor("frontdesk"), client, session))
			.hasMessageStartingWith("ACCESS_DENIED");
	}

	@Test
	@Covers({ "TH-LIC-01", "TH-LOC-01", "TH-CON-01" })
	void theCombinedGateNamesEveryUnmetGateUntilAllAreMet() {
		ClientId client = clinic.portalClient("joiner");
		UUID session = UUID.randomUUID();
		var facilitator = clinic.user("facilitator");

		JoinCheck nothing = gates.check(clinic.actor("joiner"), client, session, true, facilitator, Optional.empty());
		assertThat(nothing.admissible()).isFalse();
		assertThat(nothing.unmet()).extracting(JoinCheck.Unmet::code).containsExactly("TELEHEALTH_CONSENT_MISSING",
				"GROUP_AGREEMENT_MISSING", "LOCATION_NOT_CONFIRMED");
		assertThat(nothing.unmet()).allSatisfy(one -> assertThat(one.reason()).isNotBlank());

		for (ConsentKind kind : ConsentKind.values()) {
			consents.sign(clinic.actor("joiner"), client, kind,
					server.bean(ConsentTexts.class).current(kind).version(), "Jo Joiner", true);
		}
		JoinCheck notPrivate = gates.attestAndCheck(clinic.actor("joiner"), client, session, true, facilitator, "MT",
				"3 Pine Road, Helena", false);
		assertThat(notPrivate.unmet()).extracting(JoinCheck.Unmet::code).containsExactly("NOT_PRIVATE",
				"FACILITATOR_NOT_LICENSED_IN_STATE");
		assertThat(notPrivate.unmet().get(1).reason()).contains("MT").doesNotContain("Pine");
		assertThat(attestationRows(client)).as("a space that is not private is not recorded").isZero();

		JoinCheck unlicensed = gates.attestAndCheck(clinic.actor("joiner"), client, session, true, facilitator, "MT",
				"3 Pine Road, Helena", true);
		assertThat(unlicensed.unmet()).extracting(JoinCheck.Unmet::code)
			.containsExactly("FACILITATOR_NOT_LICENSED_IN_STATE");
		assertThat(AuditLog.awaitDetails(db, "resource_type = 'join_gate' AND outcome = 'DENIED' AND client_id = ?",
				client.value())).contains("FACILITATOR_NOT_LICENSED_IN_STATE").doesNotContain("Pine");

		licenses.add(clinic.actor("admin"), facilitator, new health.haven.identity.NewLicense("MT",
				health.haven.identity.LicenseType.LPC, "MT-42", today.plusYears(1)));
		UUID attested = attestations.record(clinic.actor("joiner"), client, session, "MT", "3 Pine Road, Helena", true);
		JoinCheck admitted = gates.check(clinic.actor("facilitator"), client, session, true, facilitator,
				Optional.of(attested));
		assertThat(admitted.admissible()).isTrue();
		assertThat(admitted.state()).isEqualTo("MT");
		assertThat(gates.check(clinic.actor("joiner"), client, UUID.randomUUID(), false, facilitator,
				Optional.of(attested)).unmet()).as("an attestation is for its own session")
			.extracting(JoinCheck.Unmet::code).containsExactly("LOCATION_NOT_CONFIRMED");
		assertThat(AuditLog.awaitCount(db, 1, "resource_type = 'join_gate' AND outcome = 'ALLOWED' AND client_id = ?",
				client.value())).isPositive();
		assertThatThrownBy(() -> gates.check(clinic.actor("clinician2"), client, session, false, facilitator,
				Optional.of(attested))).hasMessageStartingWith("CLIENT_NOT_FOUND");
	}

	private long licenseRows() {
		return db.sql("SELECT count(*) FROM identity.staff_license WHERE org_id = ?")
			.param(clinic.org.value())
			.query(Long.class)
			.single();
	}

	private long signatureRows(ClientId client) {
		return db.sql("SELECT count(*) FROM consent.consent_signature WHERE client_id = ?")
			.param(client.value())
			.query(Long.class)
			.single();
	}

	private long attestationRows(ClientId client) {
		return db.sql("SELECT count(*) FROM consent.location_attestation WHERE client_id = ?")
			.param(client.value())
			.query(Long.class)
			.single();
	}

}
