package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.shared.ClientId;
import health.haven.support.AuditLog;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Documents on a chart (PDF and images only, judged by their bytes, at most 10 MB, sealed) and discharge (after which
 * the chart is readable and read-only), over HTTP in a clinic of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentsAndDischargeIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	static final byte[] PDF = """
			%PDF-1.4
			1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
			2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
			3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
			trailer << /Root 1 0 R >>
			%%EOF
			""".getBytes(StandardCharsets.US_ASCII);

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	ChartClinic clinic;

	@BeforeAll
	void openTheClinic() {
		clinic = new ChartClinic(server);
	}

	@Nested
	class Documents {

		@Test
		void aPdfAndAPngAreStoredSealedAndDownloadedIdentical() throws IOException {
			ClientId client = clinic.newClient();
			byte[] png = png();
			HttpResponse<String> pdfUpload = upload(clinic.clinician, client, "referral.pdf", "application/pdf", PDF,
					"Referral letter from Dr. Quill", "REFERRAL");
			assertThat(pdfUpload.statusCode()).as(pdfUpload.body()).isEqualTo(201);
			HttpResponse<String> pngUpload = upload(clinic.clinician, client, "scan.png", "image/png", png,
					"Scanned release", "RELEASE");
			assertThat(pngUpload.statusCode()).as(pngUpload.body()).isEqualTo(201);
			String pdfId = json(pdfUpload).get("id").asString();
			String pngId = json(pngUpload).get("id").asString();

			JsonNode list = json(clinic.clinician.get(documents(client), "application/json"));
			assertThat(list).hasSize(2);
			assertThat(list.findValuesAsString("title")).containsExactlyInAnyOrder("Referral letter from Dr. Quill",
					"Scanned release");

			HttpResponse<byte[]> pdf = download(clinic.clinician, client, pdfId);
			assertThat(pdf.statusCode()).isEqualTo(200);
			assertThat(pdf.body()).isEqualTo(PDF);
			assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
			assertThat(pdf.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
			assertThat(pdf.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(pdf.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
			HttpResponse<byte[]> image = download(clinic.clinician, client, pngId);
			assertThat(image.body()).isEqualTo(png);
			assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");

			for (byte[] sealed : db.sql("SELECT content FROM records.document WHERE client_id = ?")
				.param(client.value())
				.query(byte[].class)
				.list()) {
				String raw = new String(sealed, StandardCharsets.ISO_8859_1);
				assertThat(raw).doesNotContain("%PDF", "PNG", "Catalog");
			}
			assertThat(db.sql("SELECT title FROM records.document WHERE client_id = ?")
				.param(client.value())
				.query(byte[].class)
				.list()).allSatisfy(title -> assertThat(new String(title, StandardCharsets.ISO_8859_1))
					.doesNotContain("Referral", "release"));
			assertThat(AuditLog.awaitCount(db, 2, "client_id = ?::uuid AND action = 'CREATE' AND resource_type = "
					+ "'document' AND outcome = 'ALLOWED'", client.toString())).isEqualTo(2);
			assertThat(AuditLog.awaitCount(db, 2, "client_id = ?::uuid AND action = 'READ' AND resource_type = "
					+ "'document' AND outcome = 'ALLOWED'", client.toString())).isGreaterThanOrEqualTo(2);
		}

		@Test
		void aTextFileNamedPdfIsRefusedAndNothingIsStored() {
			ClientId client = clinic.newClient();
			HttpResponse<String> refused = upload(clinic.clinician, client, "report.pdf", "application/pdf",
					"#!/bin/sh\necho not a pdf\n".getBytes(StandardCharsets.UTF_8), "Report", "OTHER");
			assertThat(refused.statusCode()).isEqualTo(415);
			assertThat(refused.body()).contains("RECORDS_DOCUMENT_TYPE_REFUSED", "only PDF, PNG and JPEG");
			assertThat(upload(clinic.clinician, client, "x.pdf", "application/pdf", PDF, "", "OTHER").body())
				.contains("RECORDS_DOCUMENT_TITLE_MISSING");
			assertThat(clinic.clinician.postJson(documents(client), "{}").body()).contains("RECORDS_DOCUMENT_MISSING");
			assertThat(rows(client)).isZero();
		}

		@Test
		void anUploadOverTenMegabytesIsRefusedWith413AndNothingIsStored() {
			ClientId client = clinic.newClient();
			byte[] big = Arrays.copyOf(PDF, 10 * 1024 * 1024 + 1);
			HttpResponse<String> refused = upload(clinic.clinician, client, "big.pdf", "application/pdf", big,
					"Big scan", "OTHER");
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
			assertThat(refused.body()).contains("RECORDS_DOCUMENT_TOO_LARGE", "10 MB");
			assertThat(rows(client)).isZero();
		}

		@Test
		void anOversizedUploadOnTheStaffPageIsRefusedClearlyAndNothingIsStored() {
			ClientId client = clinic.newClient();
			String page = "/clients/" + client + "/documents";
			Matcher csrf = CSRF.matcher(clinic.clinician.get(page).body());
			assertThat(csrf.find()).isTrue();
			HttpResponse<String> refused = clinic.clinician.send(new Multipart().field("_csrf", csrf.group(1))
				.field("title", "Big scan")
				.file("file", "big.pdf", "application/pdf", Arrays.copyOf(PDF, 10 * 1024 * 1024 + 1))
				.post(clinic.clinician.uri(page))
				.build());
			assertThat(refused.statusCode()).isEqualTo(413);
			assertThat(rows(client)).isZero();
		}

		@Test
		void anotherTeamDoesNotFindTheClientsDocumentsAndTheRefusalIsAudited() {
			ClientId client = clinic.newClient();
			String id = json(upload(clinic.clinician, client, "r.pdf", "application/pdf", PDF, "Referral", "REFERRAL"))
				.get("id").asString();
			assertThat(upload(clinic.otherClinician, client, "r.pdf", "application/pdf", PDF, "Mine", "OTHER")
				.statusCode()).isEqualTo(404);
			assertThat(clinic.otherClinician.get(documents(client), "application/json").statusCode()).isEqualTo(404);
			assertThat(download(clinic.otherClinician, client, id).statusCode()).isEqualTo(404);
			assertThat(clinic.otherClinician.get("/clients/" + client + "/documents").statusCode()).isEqualTo(404);
			assertThat(clinic.billing.get(documents(client), "application/json").statusCode()).isEqualTo(403);
			assertThat(upload(clinic.facilitator, client, "r.pdf", "application/pdf", PDF, "F", "OTHER").statusCode())
				.isEqualTo(403);
			assertThat(rows(client)).isEqualTo(1);
			assertThat(AuditLog.awaitCount(db, 3, "client_id = ?::uuid AND outcome = 'DENIED'", client.toString()))
				.isGreaterThanOrEqualTo(3);
		}

		@Test
		void theStaffPageUploadsWithTheFormsCsrfTokenAndListsTheDocument() {
			ClientId client = clinic.newClient();
			String page = "/clients/" + client + "/documents";
			Matcher csrf = CSRF.matcher(clinic.clinician.get(page).body());
			assertThat(csrf.find()).isTrue();
			Multipart form = new Multipart().field("_csrf", csrf.group(1))
				.field("title", "Lab result March")
				.field("kind", "LAB_RESULT")
				.file("file", "lab.pdf", "application/pdf", PDF);
			HttpResponse<String> posted = clinic.clinician.send(form.post(clinic.clinician.uri(page)).build());
			assertThat(Http.location(posted)).as(posted.statusCode() + posted.body()).endsWith(page + "?uploaded");
			assertThat(clinic.clinician.get(page).body()).contains("Lab result March", "LAB_RESULT");

			Matcher again = CSRF.matcher(clinic.clinician.get(page).body());
			again.find();
			HttpResponse<String> refused = clinic.clinician.send(new Multipart().field("_csrf", again.group(1))
				.field("title", "Not a picture")
				.file("file", "pic.png", "image/png", "GIF89a".getBytes(StandardCharsets.US_ASCII))
				.post(clinic.clinician.uri(page))
				.build());
			assertThat(refused.statusCode()).isEqualTo(415);
			assertThat(refused.body()).contains("only PDF, PNG and JPEG");
			assertThat(rows(client)).isEqualTo(1);
		}

	}

	@Nested
	class Discharge {

		@Test
		void aDischargedChartStaysReadableAndEveryWriteIsRefusedWith409AndChangesNothing() {
			ClientId client = clinic.newClient();
			Http clinician = clinic.clinician;
			String base = "/api/v1/clients/" + client;
			assertThat(clinician.postJson(base + "/diagnoses", "{\"code\": \"F41.1\"}").statusCode()).isEqualTo(201);
			String note = json(clinician.postJson(base + "/notes", """
					{"template": "DAP", "category": "GENERAL", "serviceDate": "%s",
					 "sections": {"data": "d", "assessment": "a", "plan": "p"}}""".formatted(LocalDate.now())))
				.get("id").asString();
			assertThat(upload(clinician, client, "r.pdf", "application/pdf", PDF, "Referral", "REFERRAL").statusCode())
				.isEqualTo(201);

			HttpResponse<String> discharged = clinician.postJson(base + "/discharge", """
					{"reason": "completed", "dischargedOn": "%s", "summary": "Met all treatment goals",
					 "aftercarePlan": "Weekly outpatient therapy with Dr. Rowan; crisis line 988"}"""
				.formatted(LocalDate.now()));
			assertThat(discharged.statusCode()).as(discharged.body()).isEqualTo(201);
			assertThat(db.sql("SELECT status FROM records.client WHERE id = ?").param(client.value())
				.query(String.class).single()).isEqualTo("discharged");
			assertThat(new String(db.sql("SELECT aftercare FROM records.discharge WHERE client_id = ?")
				.param(client.value()).query(byte[].class).single(), StandardCharsets.ISO_8859_1))
				.doesNotContain("Rowan");

			Map<String, Long> before = counts(client);
			JsonNode shown = json(clinician.get(base + "/discharge", "application/json"));
			assertThat(shown.get("status").asString()).isEqualTo("discharged");
			assertThat(shown.get("reason").asString()).isEqualTo("COMPLETED");
			assertThat(shown.get("aftercarePlan").asString()).contains("Dr. Rowan");
			assertThat(clinician.get(base + "/diagnoses", "application/json").statusCode()).isEqualTo(200);
			assertThat(clinician.get(base + "/notes/" + note, "application/json").statusCode()).isEqualTo(200);
			assertThat(clinician.get(base + "/documents", "application/json").statusCode()).isEqualTo(200);
			assertThat(clinician.get("/clients/" + client + "/discharge").body()).contains("Dr. Rowan");

			List<HttpResponse<String>> writes = new ArrayList<>();
			writes.add(clinician.postJson(base + "/diagnoses", "{\"code\": \"F33.1\"}"));
			writes.add(clinician.postJson(base + "/medications", "{\"medications\": \"sertraline 50 mg\"}"));
			writes.add(clinician.postJson(base + "/treatment-plan", """
					{"basedOn": 0, "problems": [{"statement": "Panic", "goals": [{"text": "Fewer attacks",
					  "objectives": [{"text": "At most one a week", "targetDate": "%s",
					  "interventions": [{"text": "CBT", "frequency": "weekly"}]}]}]}]}"""
				.formatted(LocalDate.now().plusDays(60))));
			writes.add(clinician.postJson(base + "/notes", """
					{"template": "DAP", "category": "GENERAL", "serviceDate": "%s",
					 "sections": {"data": "d", "assessment": "a", "plan": "p"}}""".formatted(LocalDate.now())));
			writes.add(clinician.postJson(base + "/notes/" + note, """
					{"version": 1, "serviceDate": "%s", "sections": {"data": "d2", "assessment": "a", "plan": "p"}}"""
				.formatted(LocalDate.now())));
			writes.add(clinician.postJson(base + "/notes/" + note + "/sign", "{\"version\": 1}"));
			writes.add(clinician.postJson(base + "/measures",
					"{\"instrument\": \"GAD-7\", \"answers\": [1, 2, 1, 2, 1, 2, 1]}"));
			writes.add(upload(clinician, client, "r.pdf", "application/pdf", PDF, "Another", "OTHER"));
			writes.add(clinician.postJson(base + "/discharge", """
					{"reason": "other", "dischargedOn": "%s", "summary": "again", "aftercarePlan": "again"}"""
				.formatted(LocalDate.now())));
			assertThat(writes).allSatisfy(write -> {
				assertThat(write.statusCode()).as(write.body()).isEqualTo(409);
				assertThat(write.body()).contains("RECORDS_CLIENT_DISCHARGED");
			});
			HttpResponse<String> page = clinician.postForm("/clients/" + client + "/diagnoses",
					"/clients/" + client + "/diagnoses", Map.of("code", "F33.1"));
			assertThat(page.statusCode()).isEqualTo(409);
			assertThat(page.body()).contains("discharged");
			assertThat(counts(client)).isEqualTo(before);
		}

		@Test
		void aDischargedClientCannotAgreeToTheirPlanInThePortal() {
			String base = "/api/v1/clients/" + clinic.portalClient;
			HttpResponse<String> plan = clinic.clinician.postJson(base + "/treatment-plan", """
					{"basedOn": 0, "problems": [{"statement": "Cravings", "goals": [{"text": "Stay sober",
					  "objectives": [{"text": "Attend all sessions", "targetDate": "%s",
					  "interventions": [{"text": "Relapse prevention group", "frequency": "weekly"}]}]}]}]}"""
				.formatted(LocalDate.now().plusDays(60)));
			assertThat(plan.statusCode()).as(plan.body()).isLessThan(300);
			assertThat(clinic.clinician.postJson(base + "/discharge", """
					{"reason": "administrative", "dischargedOn": "%s", "summary": "s", "aftercarePlan": "a"}"""
				.formatted(LocalDate.now())).statusCode()).isEqualTo(201);
			HttpResponse<String> agreed = clinic.client.postJson(base + "/treatment-plan/agreement",
					"{\"version\": 1}");
			assertThat(agreed.statusCode()).as(agreed.body()).isEqualTo(409);
			assertThat(agreed.body()).contains("RECORDS_CLIENT_DISCHARGED");
			assertThat(db.sql("SELECT agreed_version FROM records.treatment_plan WHERE client_id = ?")
				.param(clinic.portalClient.value()).query(Integer.class).optional()).isEmpty();
		}

		@Test
		void aDischargeMissingItsReasonOrSummaryIsRefusedAndTheClientStaysActive() {
			ClientId client = clinic.newClient();
			String path = "/api/v1/clients/" + client + "/discharge";
			assertThat(clinic.clinician.postJson(path, "{}").body()).contains("RECORDS_DISCHARGE_REASON_INVALID");
			assertThat(clinic.clinician.postJson(path, """
					{"reason": "bored", "dischargedOn": "%s", "summary": "s", "aftercarePlan": "a"}"""
				.formatted(LocalDate.now())).body()).contains("RECORDS_DISCHARGE_REASON_INVALID");
			assertThat(clinic.clinician.postJson(path, """
					{"reason": "left against advice", "dischargedOn": "%s", "aftercarePlan": "a"}"""
				.formatted(LocalDate.now())).body()).contains("RECORDS_DISCHARGE_SUMMARY_MISSING");
			assertThat(clinic.facilitator.postJson(path, """
					{"reason": "completed", "dischargedOn": "%s", "summary": "s", "aftercarePlan": "a"}"""
				.formatted(LocalDate.now())).statusCode()).isEqualTo(403);
			assertThat(clinic.otherClinician.postJson(path, """
					{"reason": "completed", "dischargedOn": "%s", "summary": "s", "aftercarePlan": "a"}"""
				.formatted(LocalDate.now())).statusCode()).isEqualTo(404);
			assertThat(json(clinic.clinician.get(path, "application/json")).get("status").asString())
				.isEqualTo("active");
			assertThat(db.sql("SELECT count(*) FROM records.discharge WHERE client_id = ?").param(client.value())
				.query(Long.class).single()).isZero();
		}

		@Test
		void theStaffPageDischargesAndThenShowsTheChartAsReadOnly() {
			ClientId client = clinic.newClient();
			String page = "/clients/" + client + "/discharge";
			HttpResponse<String> refused = clinic.clinician.postForm(page, page, Map.of("reason", "TRANSFERRED"));
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("give the date of discharge");
			HttpResponse<String> done = clinic.clinician.postForm(page, page, Map.of("reason", "TRANSFERRED",
					"dischargedOn", LocalDate.now().toString(), "summary", "Stable; moved to another state",
					"aftercarePlan", "Intake booked at the receiving clinic"));
			assertThat(Http.location(done)).endsWith(page + "?discharged");
			assertThat(clinic.clinician.get(page).body()).contains("TRANSFERRED", "Intake booked",
					"no longer changed");
			assertThat(clinic.clinician.get("/clients/" + client + "/documents").body())
				.contains("has been discharged").doesNotContain("Upload the document");
		}

	}

	private Map<String, Long> counts(ClientId client) {
		Map<String, Long> counts = new java.util.TreeMap<>();
		for (String table : List.of("records.diagnosis", "records.medication_record", "records.treatment_plan",
				"records.progress_note", "records.measure", "records.document", "records.discharge")) {
			counts.put(table, db.sql("SELECT count(*) FROM " + table + " WHERE client_id = ?")
				.param(client.value()).query(Long.class).single());
		}
		counts.put("signed", db.sql("SELECT count(*) FROM records.progress_note WHERE client_id = ? AND signed_at "
				+ "IS NOT NULL").param(client.value()).query(Long.class).single());
		return counts;
	}

	private long rows(ClientId client) {
		return db.sql("SELECT count(*) FROM records.document WHERE client_id = ?")
			.param(client.value())
			.query(Long.class)
			.single();
	}

	private static String documents(ClientId client) {
		return "/api/v1/clients/" + client + "/documents";
	}

	private static HttpResponse<String> upload(Http http, ClientId client, String fileName, String type, byte[] bytes,
			String title, String kind) {
		Matcher csrf = CSRF.matcher(http.get("/").body());
		String token = csrf.find() ? csrf.group(1) : "";
		return http.send(new Multipart().field("title", title)
			.field("kind", kind)
			.file("file", fileName, type, bytes)
			.post(http.uri(documents(client)))
			.header("X-CSRF-TOKEN", token)
			.header("Accept", "application/json")
			.build());
	}

	private HttpResponse<byte[]> download(Http http, ClientId client, String id) {
		try {
			java.net.http.HttpClient raw = java.net.http.HttpClient.newBuilder()
				.sslContext(server.sslContext())
				.build();
			String session = http.cookie("HAVEN_SESSION").orElseThrow();
			return raw.send(HttpRequest.newBuilder(http.uri(documents(client) + "/" + id))
				.header("Cookie", "HAVEN_SESSION=" + session)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] png() throws IOException {
		BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
		image.setRGB(1, 1, 0x336699);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	/** A multipart/form-data body, as a browser sends a form with a file. */
	static final class Multipart {

		private final String boundary = "----haven" + UUID.randomUUID().toString().replace("-", "");

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		Multipart field(String name, String value) {
			write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
					+ "\r\n");
			return this;
		}

		Multipart file(String name, String fileName, String type, byte[] bytes) {
			write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
					+ "\"\r\nContent-Type: " + type + "\r\n\r\n");
			body.writeBytes(bytes);
			write("\r\n");
			return this;
		}

		HttpRequest.Builder post(java.net.URI uri) {
			write("--" + boundary + "--\r\n");
			return HttpRequest.newBuilder(uri)
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
		}

		private void write(String text) {
			body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
		}

	}

}
