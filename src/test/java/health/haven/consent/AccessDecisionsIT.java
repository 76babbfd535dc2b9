package health.haven.consent;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.consent.AccessDecision.Deny;
import health.haven.consent.AccessDecision.Reason;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.support.TestServer;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The policy decision point's rules beyond what today's routes reach: data categories (42 CFR Part 2,
 * psychotherapy notes, billing) and purposes of use, for the demo organization's people and clients.
 */
@Covers({ "PRV-MN-01", "ADM-IAM-01" })
class AccessDecisionsIT {

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	final AccessDecisions decisions = server.bean(AccessDecisions.class);

	final OrgId demo = new OrgId(db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).single());

	final ClientId eveningClient = new ClientId(db.sql("""
			SELECT c.client_id FROM identity.care_team_client c JOIN identity.care_team t ON t.id = c.care_team_id
			WHERE t.name = 'Evening SUD team' AND t.org_id = ? ORDER BY c.client_id LIMIT 1""")
		.param(demo.value())
		.query(UUID.class)
		.single());

	@Nested
	class ForACareTeamClinician {

		final Actor clinician = actor("clinician@demo.haven.test", Role.CLINICIAN);

		@Test
		void generalAndPartTwoRecordsAreOpenForTreatment() {
			assertThat(decide(clinician, DataCategory.GENERAL, Purpose.TREATMENT).permitted()).isTrue();
			assertThat(decide(clinician, DataCategory.SUD_PART2, Purpose.TREATMENT).permitted()).isTrue();
		}

		@Test
		void notForPaymentNorOutsideTheirPurpose() {
			assertThat(decide(clinician, DataCategory.GENERAL, Purpose.PAYMENT))
				.isEqualTo(new Deny(Reason.PURPOSE_NOT_ALLOWED));
			assertThat(decide(clinician, DataCategory.BILLING, Purpose.TREATMENT))
				.isEqualTo(new Deny(Reason.CATEGORY_NOT_ALLOWED));
		}

		@Test
		void psychotherapyNotesAreTheirAuthorsOnly() {
			assertThat(decide(clinician, DataCategory.PSYCHOTHERAPY_NOTE, Purpose.TREATMENT).permitted()).isFalse();
			assertThat(decisions.decide(clinician, demo, eveningClient, DataCategory.PSYCHOTHERAPY_NOTE,
					Purpose.TREATMENT, Optional.of(clinician.user())).permitted()).isTrue();
			Actor director = actor("director@demo.haven.test", Role.PROGRAM_DIRECTOR, Role.CLINICIAN);
			assertThat(decisions.decide(director, demo, eveningClient, DataCategory.PSYCHOTHERAPY_NOTE,
					Purpose.TREATMENT, Optional.of(clinician.user())).permitted())
				.as("not even the program director").isFalse();
		}

		@Test
		void anotherOrganizationsClientIsOutOfReachWhateverTheIds() {
			assertThat(decisions.decide(clinician, OrgId.random(), eveningClient, DataCategory.GENERAL,
					Purpose.TREATMENT)).isEqualTo(new Deny(Reason.OTHER_ORGANIZATION));
		}

	}

	@Nested
	class MinimumNecessary {

		@Test
		void billingGetsDemographicsAndBillingForPaymentOnlyNeverClinicalOrPartTwo() {
			Actor billing = actor("billing@demo.haven.test", Role.BILLING);
			assertThat(decide(billing, DataCategory.DEMOGRAPHIC, Purpose.PAYMENT).permitted()).isTrue();
			assertThat(decide(billing, DataCategory.BILLING, Purpose.PAYMENT).permitted()).isTrue();
			assertThat(decide(billing, DataCategory.GENERAL, Purpose.PAYMENT))
				.isEqualTo(new Deny(Reason.CATEGORY_NOT_ALLOWED));
			assertThat(decide(billing, DataCategory.SUD_PART2, Purpose.PAYMENT))
				.isEqualTo(new Deny(Reason.CATEGORY_NOT_ALLOWED));
		}

		@Test
		void theFrontDeskGetsDemographicsForOperationsOnly() {
			Actor frontDesk = actor("frontdesk@demo.haven.test", Role.FRONT_DESK);
			assertThat(decide(frontDesk, DataCategory.DEMOGRAPHIC, Purpose.OPERATIONS).permitted()).isTrue();
			assertThat(decide(frontDesk, DataCategory.GENERAL, Purpose.OPERATIONS).permitted()).isFalse();
		}

		@Test
		void thePrivacyOfficerAndTheAuditorGetNothingAndItLooksLikeNotFound() {
			for (Actor nobody : new Actor[] { actor("privacy@demo.haven.test", Role.COMPLIANCE_OFFICER),
					actor("auditor@demo.haven.test", Role.AUDITOR) }) {
				AccessDecision decision = decide(nobody, DataCategory.DEMOGRAPHIC, Purpose.OPERATIONS);
				assertThat(decision).isEqualTo(new Deny(Reason.NO_RELATIONSHIP));
				assertThat(((Deny) decision).looksLikeNotFound()).isTrue();
			}
		}

		@Test
		void aClientSeesTheirOwnRecordButNotTheirPsychotherapyNotes() {
			UUID riley = db.sql("SELECT client_id FROM identity.client_account WHERE user_id = ?")
				.param(TestServer.accountIdOf("client@demo.haven.test"))
				.query(UUID.class)
				.single();
			Actor client = actor("client@demo.haven.test", Role.CLIENT);
			ClientId self = new ClientId(riley);
			assertThat(decisions.decide(client, demo, self, DataCategory.GENERAL, Purpose.PATIENT_REQUEST).permitted())
				.isTrue();
			assertThat(decisions.decide(client, demo, self, DataCategory.PSYCHOTHERAPY_NOTE, Purpose.PATIENT_REQUEST)
				.permitted()).isFalse();
		}

	}

	private AccessDecision decide(Actor actor, DataCategory category, Purpose purpose) {
		return decisions.decide(actor, demo, eveningClient, category, purpose);
	}

	private Actor actor(String email, Role... roles) {
		UUID user = db.sql("SELECT user_id FROM identity.sign_in_name WHERE user_id = ?")
			.param(TestServer.accountIdOf(email))
			.query(UUID.class)
			.single();
		return new Actor(demo, new UserId(user), Set.of(roles), null, "127.0.0.1");
	}

}
