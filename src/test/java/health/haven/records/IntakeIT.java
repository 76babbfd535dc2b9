package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.audit.AuditTrail;
import health.haven.consent.PartTwoWithheld;
import health.haven.consent.internal.BreakGlassGrants;
import health.haven.crypto.FieldCipher;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Role;
import health.haven.records.intake.IntakeTemplate;
import health.haven.records.intake.IntakeTemplate.Item;
import health.haven.records.intake.TemplateDefinitions;
import health.haven.records.internal.ChartState;
import health.haven.shared.ClientId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import health.haven.support.AuditLog;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Intake assessments: started from the current template version, saved as checked drafts, signed and locked, sealed,
 * read against the version they were started on, decided by care team (Part 2 answers apart), and templates published
 * by program directors only after their definition is checked.
 */
@Covers({ "SEC-IN-01", "PRV-MN-01", "PT2-SEG-01", "SEC-AU-01" })
class IntakeIT {

	static final TestServer server = TestServer.get();

	static final JdbcClient db = server.superuserDb();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final ChartClinic clinic = new ChartClinic(server);

	static final IntakeTemplate BUNDLED = TemplateDefinitions.parse(resource("/records/intake/bh-intake-v1.json"));

	final String secret = "Drinking since the divorce " + UUID.randomUUID();

	final String partTwoSecret = "Buprenorphine 16 mg from Dr. Vance " + UUID.randomUUID();

	@Test
	void aClinicianStartsSavesAndSignsAnIntakeAndItIsLockedWithTheHashOfItsAnswers() {
		ClientId client = clinic.newClient();
		JsonNode started = json(clinic.clinician.postJson(base(client), "{\"template\": \"bh-intake\"}"), 201);
		assertThat(started.get("status").asString()).isEqualTo("DRAFT");
		assertThat(started.get("version").asInt()).isEqualTo(1);
		assertThat(started.get("template").get("key").asString()).isEqualTo("bh-intake");
		String id = started.get("id").asString();

		JsonNode saved = json(save(clinic.clinician, client, id, 1, complete()), 200);
		assertThat(saved.get("version").asInt()).isEqualTo(2);
		assertThat(saved.get("answers").get("referral_reason").asString()).isEqualTo(secret);
		assertThat(saved.get("answers").get("mat_details").asString()).isEqualTo(partTwoSecret);
		assertThat(saved.get("answers").get("alcohol_age_first_use").asInt()).isEqualTo(16);
		assertThat(saved.get("answers").get("protective_factors").get(0).asString()).isEqualTo("family_support");

		JsonNode signed = json(clinic.clinician.postJson(base(client) + "/" + id + "/sign", "{\"version\": 2}"), 200);
		assertThat(signed.get("status").asString()).isEqualTo("SIGNED");
		assertThat(signed.get("contentHash").asString()).hasSize(64)
			.isEqualTo(db.sql("SELECT content_hash FROM records.intake_assessment WHERE id = ?::uuid").param(id)
				.query(String.class).single());
		assertThat(json(clinic.clinician.get(base(client), "application/json"), 200).get(0).get("status").asString())
			.isEqualTo("SIGNED");
		AuditLog.awaitCount(db, 1, "client_id = ? AND resource_type = 'intake_assessment' AND details LIKE ?",
				client.value(), "%SUD_PART2%");
	}

	@Test
	void signingNeedsEveryRequiredItemAnswered() {
		ClientId client = clinic.newClient();
		String id = start(client);
		HttpResponse<String> refused = clinic.clinician.postJson(base(client) + "/" + id + "/sign", "{\"version\": 1}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("RECORDS_INTAKE_REQUIRED_MISSING", "referral_reason");
		assertThat(status(id)).isEqualTo("1 draft");
	}

	@Test
	void answersThatDoNotFitTheTemplateAreRefusedNamingTheItemAndWriteNothing() {
		ClientId client = clinic.newClient();
		String id = start(client);
		assertThat(save(clinic.clinician, client, id, 1, complete()).statusCode()).isEqualTo(200);
		String before = snapshot(id);

		Map<String, String> refusals = Map.of("no_such_item", "\"x\"", "alcohol_age_first_use", "140",
				"risk_level", "\"extreme\"", "alcohol_ever_used", "\"sometimes\"", "protective_factors", "[\"money\"]",
				"last_overdose", "\"" + LocalDate.now().plusDays(3) + "\"");
		refusals.forEach((item, value) -> {
			ObjectNode answers = complete();
			answers.set(item, JSON.readTree(value));
			HttpResponse<String> refused = save(clinic.clinician, client, id, 2, answers);
			assertThat(refused.statusCode()).as(item).isEqualTo(400);
			assertThat(refused.body()).as(item).contains("'" + item + "'").doesNotContain("extreme", "money");
		});
		assertThat(snapshot(id)).isEqualTo(before);
	}

	@Test
	void aSaveFromAStaleVersionIsAConflictAndChangesNothing() {
		ClientId client = clinic.newClient();
		String id = start(client);
		assertThat(save(clinic.clinician, client, id, 1, complete()).statusCode()).isEqualTo(200);
		String before = snapshot(id);

		HttpResponse<String> stale = save(clinic.clinician, client, id, 1, complete().put("mood", "other words"));
		assertThat(stale.statusCode()).isEqualTo(409);
		assertThat(stale.body()).contains("RECORDS_INTAKE_EDITED_MEANWHILE");
		assertThat(snapshot(id)).isEqualTo(before);
	}

	@Test
	void aSignedIntakeCannotBeEditedByTheServiceOrTheDatabase() {
		ClientId client = clinic.newClient();
		String id = signed(client);
		String before = snapshot(id);

		HttpResponse<String> edit = save(clinic.clinician, client, id, 2, complete().put("mood", "changed later"));
		assertThat(edit.statusCode()).isEqualTo(409);
		assertThat(edit.body()).contains("RECORDS_INTAKE_ALREADY_SIGNED");
		assertThat(clinic.clinician.postJson(base(client) + "/" + id + "/sign", "{\"version\": 2}").statusCode())
			.isEqualTo(409);
		assertThatThrownBy(() -> db.sql("UPDATE records.intake_answers SET body = 'x'::bytea WHERE assessment_id = ?::uuid")
			.param(id).update()).hasMessageContaining("RECORDS_INTAKE_ALREADY_SIGNED");
		assertThatThrownBy(() -> db.sql("UPDATE records.intake_assessment SET version = 9 WHERE id = ?::uuid")
			.param(id).update()).hasMessageContaining("RECORDS_INTAKE_ALREADY_SIGNED");
		assertThat(snapshot(id)).isEqualTo(before);

		String page = clinic.clinician.get("/clients/" + client + "/intake/" + id).body();
		assertThat(page).contains("Signed and locked").doesNotContain("id=\"intake-form\"").contains(secret);
	}

	@Test
	void answersAreSealedInTheDatabaseTheGeneralAndPartTwoApart() {
		ClientId client = clinic.newClient();
		String id = start(client);
		assertThat(save(clinic.clinician, client, id, 1, complete()).statusCode()).isEqualTo(200);

		List<Map<String, Object>> rows = db.sql("SELECT category, body FROM records.intake_answers WHERE assessment_id = ?::uuid")
			.param(id).query().listOfRows();
		assertThat(rows).extracting(row -> row.get("category")).containsExactlyInAnyOrder("GENERAL", "SUD_PART2");
		for (Map<String, Object> row : rows) {
			String raw = new String((byte[]) row.get("body"), StandardCharsets.ISO_8859_1);
			assertThat(raw).as("sealed, never plaintext").doesNotContain("divorce", "Buprenorphine", "referral_reason",
					"family_support");
		}
	}

	@Test
	void anAssessmentKeepsItsTemplateVersionAfterANewVersionIsPublished() {
		ChartClinic own = new ChartClinic(server);
		ClientId client = own.newClient();
		String old = json(own.clinician.postJson(base(client), "{\"template\": \"bh-intake\"}"), 201).get("id").asString();

		ObjectNode next = (ObjectNode) JSON.readTree(TemplateDefinitions.write(BUNDLED));
		next.remove("version");
		ObjectNode mood = null;
		for (JsonNode section : next.get("sections")) {
			for (JsonNode item : section.get("items")) {
				if (item.get("id").asString().equals("mood")) {
					mood = (ObjectNode) item;
				}
			}
		}
		mood.put("label", "Mood, as the client describes it today");
		((tools.jackson.databind.node.ArrayNode) next.get("sections").get(0).get("items")).addObject()
			.put("id", "interpreter_needed").put("label", "Needs an interpreter").put("type", "yes_no");
		JsonNode published = json(own.director.postJson("/api/v1/intake-templates", next.toString()), 201);
		assertThat(published.get("version").asInt()).isEqualTo(2);

		JsonNode fresh = json(own.clinician.postJson(base(client), "{\"template\": \"bh-intake\"}"), 201);
		assertThat(fresh.get("template").get("version").asInt()).isEqualTo(2);
		JsonNode kept = json(own.clinician.get(base(client) + "/" + old, "application/json"), 200);
		assertThat(kept.get("template").get("version").asInt()).isEqualTo(1);
		String page = own.clinician.get("/clients/" + client + "/intake/" + old).body();
		assertThat(page).contains("bh-intake, version 1", "Mood (in the client&#39;s words)")
			.doesNotContain("Mood, as the client describes it today", "Needs an interpreter");
		assertThat(own.clinician.get("/clients/" + client + "/intake/" + fresh.get("id").asString()).body())
			.contains("Mood, as the client describes it today", "Needs an interpreter");

		HttpResponse<String> newItemOnOld = save(own.clinician, client, old, 1,
				JSON.createObjectNode().put("interpreter_needed", "yes"));
		assertThat(newItemOnOld.statusCode()).isEqualTo(400);
		assertThat(newItemOnOld.body()).contains("'interpreter_needed'");
		assertThat(json(own.clinician.get("/api/v1/intake-templates/bh-intake/versions/1", "application/json"), 200))
			.isEqualTo(JSON.readTree(TemplateDefinitions.write(BUNDLED)));
	}

	@Test
	void theFormRendersTheTemplateSavesADraftAndShowsARefusalWithWhatWasEntered() {
		ClientId client = clinic.newClient();
		assertThat(clinic.clinician.get("/clients/" + client).body()).contains("/clients/" + client + "/intake");
		HttpResponse<String> started = clinic.clinician.postForm("/clients/" + client + "/intake",
				"/clients/" + client + "/intake", Map.of("template", "bh-intake"));
		assertThat(started.statusCode()).isEqualTo(302);
		String page = Http.location(started).replaceFirst("^https://[^/]+", "");
		String id = page.substring(page.lastIndexOf('/') + 1);
		String form = clinic.clinician.get(page).body();
		assertThat(form).contains("<legend>Risk assessment</legend>", "for=\"q-referral_reason\"",
				"name=\"answer.protective_factors\"", "42 CFR Part 2");

		HttpResponse<String> saved = clinic.clinician.postForm(page, page, Map.of("version", "1",
				"answer.referral_reason", secret, "answer.alcohol_ever_used", "yes", "answer.alcohol_age_first_use", "17",
				"multiple", "protective_factors", "answer.protective_factors", "faith", "answer.risk_level", ""));
		assertThat(saved.statusCode()).isEqualTo(302);
		JsonNode answers = json(clinic.clinician.get(base(client) + "/" + id, "application/json"), 200).get("answers");
		assertThat(answers.get("alcohol_ever_used").asBoolean()).isTrue();
		assertThat(answers.get("protective_factors").get(0).asString()).isEqualTo("faith");
		assertThat(answers.has("risk_level")).isFalse();

		HttpResponse<String> refused = clinic.clinician.postForm(page, page, Map.of("version", "2",
				"answer.referral_reason", "kept on the form", "answer.alcohol_age_first_use", "300"));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("alcohol_age_first_use", "kept on the form", "id=\"intake-error\"");
		assertThat(status(id)).isEqualTo("2 draft");
	}

	@Nested
	class Publishing {

		@Test
		void aBadDefinitionIsABadRequestNamingTheProblemAndWritesNothing() {
			long before = templateRows();
			HttpResponse<String> duplicate = clinic.director.postJson("/api/v1/intake-templates", """
					{"key": "short-intake", "title": "Short", "sections": [{"id": "s", "title": "S", "items": [
					  {"id": "a", "label": "A", "type": "text"}, {"id": "a", "label": "B", "type": "text"}]}]}""");
			assertThat(duplicate.statusCode()).isEqualTo(400);
			assertThat(duplicate.body()).contains("RECORDS_INTAKE_TEMPLATE_INVALID", "item id 'a' is used twice");
			HttpResponse<String> noChoices = clinic.director.postJson("/api/v1/intake-templates", """
					{"key": "short-intake", "title": "Short", "sections": [{"id": "s", "title": "S", "items": [
					  {"id": "a", "label": "A", "type": "single_choice"}]}]}""");
			assertThat(noChoices.statusCode()).isEqualTo(400);
			assertThat(noChoices.body()).contains("at least two choices");
			assertThat(clinic.director.postJson("/api/v1/intake-templates", "not json").statusCode()).isEqualTo(400);
			assertThat(templateRows()).isEqualTo(before);
		}

		@Test
		void onlyAProgramDirectorPublishesAndVersionsAreTakenInOrder() {
			String definition = """
					{"key": "brief-intake", "version": %d, "title": "Brief", "sections": [{"id": "s", "title": "S",
					  "items": [{"id": "a", "label": "A", "type": "text", "required": true}]}]}""";
			assertThat(clinic.clinician.postJson("/api/v1/intake-templates", definition.formatted(1)).statusCode())
				.isEqualTo(403);
			assertThat(clinic.client.postJson("/api/v1/intake-templates", definition.formatted(1)).statusCode())
				.isEqualTo(403);
			assertThat(clinic.director.postJson("/api/v1/intake-templates", definition.formatted(1)).statusCode())
				.isEqualTo(201);
			HttpResponse<String> again = clinic.director.postJson("/api/v1/intake-templates", definition.formatted(1));
			assertThat(again.statusCode()).isEqualTo(409);
			assertThat(again.body()).contains("RECORDS_INTAKE_TEMPLATE_VERSION_TAKEN");
			assertThat(clinic.clinician.get("/api/v1/intake-templates", "application/json").body())
				.contains("\"key\":\"brief-intake\"", "\"key\":\"bh-intake\"");
			assertThat(AuditLog.awaitCount(db, 1, "org_id = ? AND resource_type = 'intake_template' AND resource_id = ?",
					clinic.org.value(), "brief-intake/1")).isEqualTo(1);
		}

	}

	@Nested
	class WhoMay {

		@Test
		void anotherTeamsClinicianFindsNothing() {
			ClientId client = clinic.newClient();
			String id = signed(client);
			assertThat(clinic.otherClinician.get(base(client), "application/json").statusCode()).isEqualTo(404);
			assertThat(clinic.otherClinician.get(base(client) + "/" + id, "application/json").statusCode()).isEqualTo(404);
			assertThat(clinic.otherClinician.get("/clients/" + client + "/intake/" + id).statusCode()).isEqualTo(404);
			assertThat(clinic.otherClinician.postJson(base(client), "{\"template\": \"bh-intake\"}").statusCode())
				.isEqualTo(404);
			assertThat(AuditLog.awaitCount(db, 1, "client_id = ? AND actor_user IS NOT NULL AND outcome = 'DENIED'",
					client.value())).isPositive();
		}

		@Test
		void billingTheFrontDeskAndTheClientSeeNone() {
			ClientId client = clinic.newClient();
			String id = signed(client);
			for (Http outsider : List.of(clinic.billing, clinic.frontDesk)) {
				assertThat(outsider.get(base(client), "application/json").statusCode()).isEqualTo(403);
				HttpResponse<String> one = outsider.get(base(client) + "/" + id, "application/json");
				assertThat(one.statusCode()).isEqualTo(403);
				assertThat(one.body()).doesNotContain(secret);
				assertThat(outsider.postJson(base(client), "{\"template\": \"bh-intake\"}").statusCode()).isEqualTo(403);
			}
			assertThat(clinic.client.get(base(clinic.portalClient), "application/json").statusCode()).isEqualTo(403);
			assertThat(clinic.client.get("/clients/" + clinic.portalClient + "/intake").statusCode()).isEqualTo(403);
		}

		@Test
		void theFacilitatorReadsButNeitherStartsNorEdits() {
			ClientId client = clinic.newClient();
			String id = start(client);
			assertThat(clinic.facilitator.get(base(client) + "/" + id, "application/json").statusCode()).isEqualTo(200);
			assertThat(clinic.facilitator.postJson(base(client), "{\"template\": \"bh-intake\"}").statusCode())
				.isEqualTo(403);
			assertThat(save(clinic.facilitator, client, id, 1, complete()).statusCode()).isEqualTo(403);
			assertThat(status(id)).isEqualTo("1 draft");
		}

		@Test
		void aDischargedClientsIntakeIsReadOnly() {
			ClientId client = clinic.newClient();
			String id = start(client);
			assertThat(clinic.clinician.postJson(base(client).replace("/intake", "/discharge"), """
					{"reason": "completed", "dischargedOn": "%s", "summary": "Done", "aftercarePlan": "Outpatient"}"""
				.formatted(LocalDate.now())).statusCode()).isEqualTo(201);
			HttpResponse<String> edit = save(clinic.clinician, client, id, 1, complete());
			assertThat(edit.statusCode()).isEqualTo(409);
			assertThat(edit.body()).contains("RECORDS_CLIENT_DISCHARGED");
			assertThat(clinic.clinician.postJson(base(client), "{\"template\": \"bh-intake\"}").statusCode())
				.isEqualTo(409);
			assertThat(clinic.clinician.get("/clients/" + client + "/intake/" + id).body())
				.doesNotContain("id=\"intake-form\"");
			assertThat(status(id)).isEqualTo("1 draft");
		}

		@Test
		void aReaderWithoutPartTwoAccessSeesTheRestWithTheSubstanceUseSectionsWithheld() {
			ClientId client = clinic.newClient();
			String id = signed(client);
			IntakeAssessments withoutPartTwo = new IntakeAssessments(server.bean(JdbcClient.class),
					server.bean(TenantWork.class), server.bean(FieldCipher.class),
					new PartTwoWithheld(server.bean(CareTeams.class), server.bean(BreakGlassGrants.class),
							server.bean(AuditTrail.class)),
					server.bean(ChartAccess.class), server.bean(ChartState.class), server.bean(IntakeTemplates.class));
			Actor clinician = new Actor(clinic.org,
					new UserId(TestServer.accountIdOf("clinician@" + clinicSlug() + ".test")), Set.of(Role.CLINICIAN),
					null, "127.0.0.1");

			IntakeAssessment seen = withoutPartTwo.find(clinician, client, id);
			assertThat(seen.answers()).containsEntry("referral_reason", secret)
				.containsKey("risk_level")
				.doesNotContainKeys("mat_details", "alcohol_ever_used", "asam_d1_rating");
			assertThat(seen.withheld()).contains("substance_alcohol", "substance_consequences", "asam")
				.doesNotContain("risk", "referral");
			assertThat(seen.toString()).doesNotContain(secret);
			assertThat(server.bean(IntakeAssessments.class).find(clinician, client, id).answers())
				.containsEntry("mat_details", partTwoSecret);
		}

	}

	/** Valid answers to every required item, and two secrets: one general, one Part 2. */
	ObjectNode complete() {
		ObjectNode answers = JSON.createObjectNode();
		for (Item item : BUNDLED.items()) {
			if (!item.required()) {
				continue;
			}
			switch (item.type()) {
				case TEXT, LONG_TEXT -> answers.put(item.id(), "Written for " + item.id());
				case SINGLE_CHOICE -> answers.put(item.id(), item.choices().get(0).value());
				case MULTIPLE_CHOICE -> answers.putArray(item.id()).add(item.choices().get(0).value());
				case YES_NO -> answers.put(item.id(), false);
				case NUMBER -> answers.put(item.id(), item.min());
				case DATE -> answers.put(item.id(), "2020-01-01");
			}
		}
		answers.put("referral_reason", secret);
		answers.put("mat_details", partTwoSecret);
		answers.put("alcohol_age_first_use", 16);
		answers.putArray("alcohol_routes").add("oral");
		return answers;
	}

	String start(ClientId client) {
		return json(clinic.clinician.postJson(base(client), "{\"template\": \"bh-intake\"}"), 201).get("id").asString();
	}

	String signed(ClientId client) {
		String id = start(client);
		assertThat(save(clinic.clinician, client, id, 1, complete()).statusCode()).isEqualTo(200);
		json(clinic.clinician.postJson(base(client) + "/" + id + "/sign", "{\"version\": 2}"), 200);
		return id;
	}

	static HttpResponse<String> save(Http http, ClientId client, String id, int version, ObjectNode answers) {
		ObjectNode body = JSON.createObjectNode().put("version", version);
		body.set("answers", answers);
		return http.postJson(base(client) + "/" + id, body.toString());
	}

	static String base(ClientId client) {
		return "/api/v1/clients/" + client + "/intake";
	}

	static JsonNode json(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JSON.readTree(response.body());
	}

	/** The assessment's row and its sealed answers, to show that a refused change changed nothing. */
	static String snapshot(String id) {
		return db.sql("""
				SELECT a.version || ' ' || coalesce(a.content_hash, '-') || ' ' || a.updated_at || ' '
				       || string_agg(encode(b.body, 'hex'), ',' ORDER BY b.category)
				FROM records.intake_assessment a JOIN records.intake_answers b ON b.assessment_id = a.id
				WHERE a.id = ?::uuid GROUP BY a.id""").param(id).query(String.class).single();
	}

	static String status(String id) {
		return db.sql("""
				SELECT version || ' ' || CASE WHEN signed_at IS NULL THEN 'draft' ELSE 'signed' END
				FROM records.intake_assessment WHERE id = ?::uuid""").param(id).query(String.class).single();
	}

	static long templateRows() {
		return db.sql("SELECT count(*) FROM records.intake_template").query(Long.class).single();
	}

	static String clinicSlug() {
		return db.sql("SELECT slug FROM identity.organization WHERE id = ?").param(clinic.org.value())
			.query(String.class).single();
	}

	static String resource(String path) {
		try (var in = IntakeIT.class.getResourceAsStream(path)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (java.io.IOException ex) {
			throw new AssertionError(ex);
		}
	}

}
