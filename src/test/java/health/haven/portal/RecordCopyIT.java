package health.haven.portal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import health.haven.Covers;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.records.Diagnoses;
import health.haven.records.Measures;
import health.haven.records.NewDiagnosis;
import health.haven.shared.Purpose;
import health.haven.support.AuditLog;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Download my record" (right of access): a real PDF and a FHIR R4 Bundle of the client's own record, without
 * psychotherapy notes, each download audited and recorded as a request fulfilled at once; a request to the care team
 * is due in 30 days and shows in the staff queue with the days left.
 */
@Covers({ "PRV-AC-01", "PRV-AC-02", "PRV-AC-03", "PRV-PN-01" })
class RecordCopyIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final RightsClinic clinic = new RightsClinic(server);

	static Actor client;

	static final String PROGRESS = "Discussed the relapse plan in detail " + UUID.randomUUID();

	static final String PSYCHOTHERAPY = "Private process impressions " + UUID.randomUUID();

	@BeforeAll
	static void chart() {
		client = clinic.client("Emery Export");
		server.bean(Diagnoses.class).record(clinic.clinician, clinic.clientOf(client),
				new NewDiagnosis("F10.20", LocalDate.now().minusMonths(2), true, "SUD_PART2"));
		server.bean(Measures.class).submit(client, clinic.clientOf(client), "PHQ-9", List.of(1, 1, 1, 1, 1, 0, 0, 0, 0),
				DataCategory.GENERAL, Purpose.PATIENT_REQUEST);
		clinic.signedNote(client, PROGRESS);
		clinic.psychotherapyNote(client, PSYCHOTHERAPY);
	}

	@Test
	void thePdfIsARealPdfWithTheRecordButNoPsychotherapyNote() throws IOException {
		HttpResponse<byte[]> response = bytes(clinic.http(client), "/portal/my-record/record.pdf");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
		assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains("haven-record.pdf")
			.doesNotContain("Emery");
		try (PDDocument pdf = Loader.loadPDF(response.body())) {
			String text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
			assertThat(text).contains(clinic.recordName(client)).contains("F10.20").contains("PHQ-9")
				.contains(PROGRESS).contains("42 CFR part 2").doesNotContain(PSYCHOTHERAPY);
		}
		assertThat(AuditLog.awaitCount(db, 1, "client_id = ?::uuid AND action = 'EXPORT' AND resource_type = "
				+ "'record_copy' AND resource_id = 'PDF'", clinic.clientOf(client).toString())).isGreaterThanOrEqualTo(1);
	}

	@Test
	void theFhirBundleParsesWithHapiAndHoldsNoPsychotherapyNote() {
		HttpResponse<byte[]> response = bytes(clinic.http(client), "/portal/my-record/record.fhir.json");
		assertThat(response.statusCode()).isEqualTo(200);
		String json = new String(response.body(), StandardCharsets.UTF_8);
		Bundle bundle = FhirContext.forR4().newJsonParser().parseResource(Bundle.class, json);
		assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
		List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
		Patient patient = (Patient) entries.stream()
			.filter(e -> e.getResource().getResourceType() == ResourceType.Patient)
			.findFirst()
			.orElseThrow()
			.getResource();
		assertThat(patient.getNameFirstRep().getText()).isEqualTo(clinic.recordName(client));
		Condition condition = (Condition) resource(entries, ResourceType.Condition);
		assertThat(condition.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/sid/icd-10-cm");
		assertThat(condition.getCode().getCodingFirstRep().getCode()).isEqualTo("F10.20");
		assertThat(condition.getMeta().getSecurity()).anySatisfy(label -> assertThat(label.getCode()).isEqualTo("42CFRPart2"));
		Observation observation = (Observation) resource(entries, ResourceType.Observation);
		assertThat(observation.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
		assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo("44261-6");
		assertThat(observation.getValueIntegerType().getValue()).isEqualTo(5);
		List<String> notes = entries.stream()
			.filter(e -> e.getResource() instanceof DocumentReference)
			.map(e -> new String(((DocumentReference) e.getResource()).getContentFirstRep().getAttachment().getData(),
					StandardCharsets.UTF_8))
			.toList();
		assertThat(notes).anySatisfy(text -> assertThat(text).contains(PROGRESS));
		assertThat(notes).noneSatisfy(text -> assertThat(text).contains(PSYCHOTHERAPY));
		assertThat(json).doesNotContain(PSYCHOTHERAPY);
	}

	@Test
	void eachDownloadIsARequestFulfilledAtOnceDueInThirtyDays() {
		bytes(clinic.http(client), "/portal/my-record/record.pdf");
		Map<String, Object> row = db.sql("""
				SELECT channel, format, extract(epoch FROM due_at - requested_at) AS due, fulfilled_at IS NOT NULL AS done
				FROM records.access_request WHERE client_id = ?::uuid ORDER BY requested_at DESC LIMIT 1""")
			.param(clinic.clientOf(client).toString())
			.query()
			.singleRow();
		assertThat(row.get("channel")).isEqualTo("PORTAL_DOWNLOAD");
		assertThat(((Number) row.get("due")).longValue()).isEqualTo(Duration.ofDays(30).toSeconds());
		assertThat(row.get("done")).isEqualTo(true);
		assertThat(clinic.http(client).get("/portal/my-record").body()).contains("Download (PDF)").contains("Fulfilled");
	}

	@Test
	void aRequestToTheCareTeamIsDueInThirtyDaysAndShownToStaffWithTheDaysLeft() {
		Actor asking = clinic.client("Finley Paper");
		Http portal = clinic.http(asking);
		assertThat(portal.postForm("/portal/my-record/requests", "/portal/my-record", Map.of("details", "")).statusCode())
			.isEqualTo(400);
		String details = "Paper records from my 2019 stay " + UUID.randomUUID();
		assertThat(Http.location(portal.postForm("/portal/my-record/requests", "/portal/my-record",
				Map.of("details", details)))).endsWith("/portal/my-record?requested");
		String request = db.sql("SELECT id::text FROM records.access_request WHERE client_id = ?::uuid AND channel = 'STAFF'")
			.param(clinic.clientOf(asking).toString())
			.query(String.class)
			.single();
		assertThat(db.sql("SELECT count(*) FROM records.access_request WHERE id = ?::uuid "
				+ "AND due_at = requested_at + interval '30 days' AND fulfilled_at IS NULL "
				+ "AND position(convert_to(?, 'UTF8') IN details) = 0").params(request, details).query(Long.class)
			.single()).as("due in 30 days, open, the client's words sealed").isEqualTo(1);

		String queue = clinic.http(clinic.clinician).get("/rights/requests").body();
		assertThat(queue).contains(clinic.recordName(asking)).contains(details).containsPattern("<span>(29|30)</span>");
		assertThat(clinic.http(clinic.otherClinician).get("/rights/requests").body())
			.as("another team's clinician does not see it").doesNotContain(details);

		assertThat(Http.location(clinic.http(clinic.clinician).postForm(
				"/clients/" + clinic.clientOf(asking) + "/access-requests/" + request + "/fulfil", "/rights/requests",
				Map.of("note", "Posted a copy by registered mail")))).endsWith("/rights/requests?fulfilled");
		assertThat(portal.get("/portal/my-record").body()).contains("Fulfilled");
		assertThat(clinic.http(clinic.clinician).get("/rights/requests").body()).doesNotContain(details);
	}

	@Test
	void anotherClientsCopyNeverHoldsThisClientsRecord() throws IOException {
		Actor other = clinic.client("Gray Other");
		try (PDDocument pdf = Loader.loadPDF(bytes(clinic.http(other), "/portal/my-record/record.pdf").body())) {
			String text = new PDFTextStripper().getText(pdf);
			assertThat(text).contains(clinic.recordName(other)).doesNotContain(clinic.recordName(client))
				.doesNotContain(PROGRESS);
		}
		assertThat(clinic.http(clinic.clinician).get("/portal/my-record/record.pdf").statusCode())
			.as("staff have no record of their own to download here").isEqualTo(403);
	}

	private static Object resource(List<Bundle.BundleEntryComponent> entries, ResourceType type) {
		return entries.stream()
			.filter(e -> e.getResource().getResourceType() == type)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type + " in the bundle"))
			.getResource();
	}

	private static HttpResponse<byte[]> bytes(Http http, String path) {
		return http.getBytes(path);
	}

}
