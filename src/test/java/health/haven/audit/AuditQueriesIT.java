package health.haven.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.haven.Covers;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import health.haven.support.TestServer;

/** The questions compliance and breach response ask of the audit trail, and its exports. */
@Covers("SEC-AU-01")
class AuditQueriesIT {

	final AuditTrail trail = TestServer.get().bean(AuditTrail.class);

	final AuditQueries queries = TestServer.get().bean(AuditQueries.class);

	// A day of its own in the past, so that other tests' entries never match.
	final Instant day = Instant.parse("2001-01-01T00:00:00Z")
		.plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(3000)));

	final UserId alice = UserId.random();

	final UserId bob = UserId.random();

	final ClientId x = ClientId.random();

	final ClientId y = ClientId.random();

	final ClientId z = ClientId.random();

	@BeforeEach
	void someAccesses() {
		trail.recordBeforeRead(AuditFixtures.aRead(alice, x, day.plusSeconds(10)));
		trail.recordBeforeRead(AuditFixtures.aRead(bob, x, day.plusSeconds(20)));
		trail.recordBeforeRead(AuditFixtures.aRead(alice, x, day.plusSeconds(30)));
		trail.recordBeforeRead(AuditFixtures.aRead(alice, z, day.plusSeconds(40)));
		trail.recordBeforeRead(AuditFixtures.aRead(bob, y, day.plusSeconds(50)));
		trail.recordBeforeRead(AuditFixtures.aRead(alice, y, day.plus(Duration.ofDays(2))));
		trail.recordBeforeRead(AuditEntry.of(AuditFixtures.clinician(bob), AuditAction.DISCLOSE, Purpose.LEGAL)
			.client(y)
			.at(day.plusSeconds(60))
			.detail("recipient", "org:court-17")
			.build());
	}

	@Test
	void everyAccessToAClientWithWhoWhenWhatAndWhyPagedNewestFirst() {
		AuditPage first = queries.accessesToClient(AuditFixtures.ORG, x, day, day.plus(Duration.ofDays(1)),
				AuditPageRequest.first(2));
		assertThat(first.entries()).extracting(r -> r.entry().occurredAt())
			.containsExactly(day.plusSeconds(30), day.plusSeconds(20));
		AuditEntry newest = first.entries().get(0).entry();
		assertThat(newest.actor().user()).contains(alice);
		assertThat(newest.action()).isEqualTo(AuditAction.READ);
		assertThat(newest.resourceType()).contains("ProgressNote");
		assertThat(newest.purpose()).isEqualTo(Purpose.TREATMENT);
		assertThat(first.next()).isPresent();

		AuditPage second = queries.accessesToClient(AuditFixtures.ORG, x, day, day.plus(Duration.ofDays(1)),
				first.next().orElseThrow());
		assertThat(second.entries()).extracting(r -> r.entry().occurredAt()).containsExactly(day.plusSeconds(10));
		assertThat(second.next()).isEmpty();
	}

	@Test
	@Covers({ "SEC-AU-01", "BRN-13" })
	void everyClientAUserTouchedInAPeriodIsTheBreachScope() {
		List<ClientTouch> touched = queries.clientsTouchedBy(AuditFixtures.ORG, alice, day,
				day.plus(Duration.ofDays(1)));
		assertThat(touched).extracting(ClientTouch::client)
			.containsExactlyInAnyOrder(x, z)
			.doesNotContain(y);
		ClientTouch onX = touched.stream().filter(t -> t.client().equals(x)).findFirst().orElseThrow();
		assertThat(onX.entries()).isEqualTo(2);
		assertThat(onX.first()).isEqualTo(day.plusSeconds(10));
		assertThat(onX.last()).isEqualTo(day.plusSeconds(30));
		assertThat(queries.clientsTouchedBy(AuditFixtures.ORG, alice, day, day.plus(Duration.ofDays(3))))
			.extracting(ClientTouch::client)
			.contains(y);
	}

	@Test
	void entriesByActionAndTime() {
		AuditPage disclosures = queries.byAction(AuditFixtures.ORG, AuditAction.DISCLOSE, day,
				day.plus(Duration.ofDays(1)), AuditPageRequest.first(50));
		assertThat(disclosures.entries()).singleElement().satisfies(r -> {
			assertThat(r.entry().client()).contains(y);
			assertThat(r.entry().details()).containsEntry("recipient", "org:court-17");
		});
	}

	@Test
	void exportsAsCsvJsonAndFhirAuditEventsAndAreThemselvesAudited() {
		UserId officer = UserId.random();
		ActorRef exporter = ActorRef.user(AuditFixtures.ORG, officer, "COMPLIANCE_OFFICER", "s-1", "192.0.2.7");
		AuditFilter filter = AuditFilter.of(AuditFixtures.ORG, day, day.plus(Duration.ofDays(1))).client(x);

		StringWriter csv = new StringWriter();
		assertThat(queries.export(filter, ExportFormat.CSV, exporter, Purpose.COMPLIANCE, csv)).isEqualTo(3);
		List<String> rows = csv.toString().lines().toList();
		assertThat(rows).hasSize(4);
		assertThat(rows.get(0)).startsWith("seq,id,occurred_at,");
		assertThat(rows.get(1)).contains(alice.toString(), x.toString(), "READ", "TREATMENT", "ALLOWED");

		StringWriter json = new StringWriter();
		queries.export(filter, ExportFormat.JSON, exporter, Purpose.COMPLIANCE, json);
		assertThat(json.toString()).startsWith("[").contains("\"client\":\"" + x + "\"").contains("\"seq\":");

		StringWriter fhir = new StringWriter();
		queries.export(filter, ExportFormat.FHIR_R4, exporter, Purpose.COMPLIANCE, fhir);
		Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, fhir.toString());
		assertThat(bundle.getEntry()).hasSize(3);
		AuditEvent event = (AuditEvent) bundle.getEntry().get(0).getResource();
		assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
		assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
		assertThat(event.getEntityFirstRep().getWhat().getReference()).isEqualTo("Patient/" + x);
		assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo(alice.toString());
		assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");

		AuditPage exports = queries.find(
				AuditFilter.of(AuditFixtures.ORG, Instant.now().minusSeconds(600), Instant.now().plusSeconds(60))
					.user(officer)
					.action(AuditAction.EXPORT),
				AuditPageRequest.first(10));
		assertThat(exports.entries()).hasSize(3)
			.allSatisfy(r -> assertThat(r.entry().client()).contains(x))
			.extracting(r -> r.entry().details().get("format"))
			.containsExactlyInAnyOrder("CSV", "JSON", "FHIR_R4");
	}

}
