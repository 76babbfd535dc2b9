package health.haven.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import health.haven.Covers;
import health.haven.identity.Actor;
import health.haven.records.Discharges;
import health.haven.records.NewDischarge;
import health.haven.support.AuditLog;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Secure messaging over HTTPS against the real database: threads addressed to a care team and answered by whoever is
 * on it, read state and unread counts, staff-only threads, "not found" (audited) for everyone outside, attachments
 * sniffed and size-limited with nothing written when refused, sealing at rest, discharge and retention.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Covers({ "SEC-AC-04", "SEC-AU-01", "PRV-MN-01" })
class MessagingIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	MessagingClinic clinic;

	Actor riley;

	Actor jordan;

	Http rileyHttp;

	Http jordanHttp;

	Http nora;

	Http nico;

	Http fay;

	Http sol;

	@BeforeAll
	void clinic() {
		clinic = new MessagingClinic(server);
		riley = clinic.client("Riley Messagewriter", clinic.north);
		jordan = clinic.client("Jordan Otherclient", clinic.north);
		rileyHttp = clinic.signIn(riley);
		jordanHttp = clinic.signIn(jordan);
		nora = clinic.signIn(clinic.northClinician);
		nico = clinic.signIn(clinic.northColleague);
		fay = clinic.signIn(clinic.northFacilitator);
		sol = clinic.signIn(clinic.southClinician);
	}

	@Test
	void aClientWritesToTheTeamAndAnotherMemberOfTheTeamReplies() throws Exception {
		int noraBefore = unread(nora);
		String thread = start(rileyHttp, Map.of("subject", "Question about Thursday", "body", "Can I join late?"));

		assertThat(unread(nora)).as("addressed to the team: every member sees it").isEqualTo(noraBefore + 1);
		JsonNode seen = json(nico.get("/api/v1/messages/threads/" + thread, "application/json"));
		assertThat(seen.get("messages").get(0).get("body").asString()).isEqualTo("Can I join late?");
		assertThat(seen.get("messages").get(0).get("unread").asBoolean()).isTrue();
		AuditLog.awaitCount(db, 1, "actor_user = ? AND resource_type = 'message_thread' AND resource_id = ? "
				+ "AND action = 'READ' AND outcome = 'ALLOWED'", clinic.northColleague.user().value(), thread);

		HttpResponse<String> reply = nico.postJson("/api/v1/messages/threads/" + thread + "/messages",
				"{\"body\":\"Yes, come when you can.\"}");
		assertThat(reply.statusCode()).isEqualTo(201);
		AuditLog.awaitCount(db, 1, "actor_user = ? AND action = 'CREATE' AND resource_type = 'message' "
				+ "AND resource_id = ?", clinic.northColleague.user().value(), json(reply).get("id").asString());

		assertThat(unread(rileyHttp)).isEqualTo(1);
		JsonNode list = json(rileyHttp.get("/api/v1/messages/threads", "application/json"));
		JsonNode mine = find(list, thread);
		assertThat(mine.get("unread").asInt()).isEqualTo(1);
		assertThat(mine.get("messages").asInt()).isEqualTo(2);
		JsonNode conversation = json(rileyHttp.get("/api/v1/messages/threads/" + thread, "application/json"));
		assertThat(conversation.get("messages")).extracting(m -> m.get("body").asString())
			.containsExactly("Can I join late?", "Yes, come when you can.");
		assertThat(conversation.get("messages").get(1).get("author").asString()).isEqualTo("Nico Northcolleague");

		assertThat(rileyHttp.postJson("/api/v1/messages/threads/" + thread + "/read", "{}").statusCode())
			.isEqualTo(204);
		assertThat(unread(rileyHttp)).as("read state is per person").isZero();
		assertThat(unread(nora)).as("Nora has read neither the client's message nor her colleague's reply")
			.isEqualTo(noraBefore + 2);

		// The page marks the thread read when it is shown, with the not-monitored notice and 988.
		HttpResponse<String> page = nora.get("/messages/" + thread);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Can I join late?", "not monitored around the clock", "tel:988");
		assertThat(unread(nora)).isEqualTo(noraBefore);
		assertThat(nora.get("/messages").body()).contains("Question about Thursday", "tel:988");
	}

	@Test
	void staffOutsideTheClientsCareGetNotFoundAndTheRefusalIsAudited() throws Exception {
		String thread = start(rileyHttp, Map.of("subject", "Outside care", "body", "Only my team should read this."));
		assertThat(sol.get("/api/v1/messages/threads/" + thread, "application/json").statusCode()).isEqualTo(404);
		assertThat(sol.get("/messages/" + thread).statusCode()).isEqualTo(404);
		assertThat(json(sol.get("/api/v1/messages/threads", "application/json")).toString()).doesNotContain(thread);
		assertThat(AuditLog.awaitCount(db, 1, "actor_user = ? AND client_id = ? AND outcome = 'DENIED' "
				+ "AND resource_id = ?", clinic.southClinician.user().value(), clinic.clientOf(riley).value(), thread))
			.isGreaterThanOrEqualTo(1);
		assertThat(sol.postJson("/api/v1/messages/threads", "{\"client\":\"" + clinic.clientOf(riley)
				+ "\",\"subject\":\"Hi\",\"body\":\"Hello\"}").statusCode()).isEqualTo(404);
	}

	@Test
	void aClientGuessingAnotherClientsThreadGetsNotFoundAndTheRefusalIsAudited() throws Exception {
		String thread = start(rileyHttp, Map.of("subject", "Mine alone", "body", "Private to me and my team."));
		HttpResponse<String> guess = jordanHttp.get("/api/v1/messages/threads/" + thread, "application/json");
		assertThat(guess.statusCode()).isEqualTo(404);
		assertThat(guess.body()).contains("MESSAGING_THREAD_NOT_FOUND").doesNotContain("Private to me");
		assertThat(jordanHttp.postJson("/api/v1/messages/threads/" + thread + "/messages", "{\"body\":\"hi\"}")
			.statusCode()).isEqualTo(404);
		assertThat(jordanHttp.get("/api/v1/messages/threads/" + UUID.randomUUID(), "application/json").statusCode())
			.isEqualTo(404);
		assertThat(AuditLog.awaitDetails(db, "actor_user = ? AND client_id = ? AND outcome = 'DENIED' AND resource_id = ?",
				jordan.user().value(), clinic.clientOf(riley).value(), thread)).contains("NO_RELATIONSHIP");
		assertThat(json(jordanHttp.get("/api/v1/messages/threads", "application/json")).toString())
			.doesNotContain(thread);
	}

	@Test
	void aStaffThreadAboutAClientIsNeverShownToTheClient() throws Exception {
		HttpResponse<String> started = nora.postJson("/api/v1/messages/threads", "{\"client\":\""
				+ clinic.clientOf(riley) + "\",\"kind\":\"STAFF\",\"subject\":\"Case review\",\"body\":\"Let us discuss.\"}");
		assertThat(started.statusCode()).isEqualTo(201);
		String thread = json(started).get("id").asString();

		assertThat(json(fay.get("/api/v1/messages/threads/" + thread, "application/json")).get("kind").asString())
			.isEqualTo("STAFF");
		assertThat(json(rileyHttp.get("/api/v1/messages/threads", "application/json")).toString())
			.doesNotContain(thread).doesNotContain("Case review");
		assertThat(rileyHttp.get("/api/v1/messages/threads/" + thread, "application/json").statusCode()).isEqualTo(404);
		assertThat(rileyHttp.get("/messages/" + thread).statusCode()).isEqualTo(404);
		assertThat(AuditLog.awaitDetails(db, "actor_user = ? AND outcome = 'DENIED' AND resource_id = ?",
				riley.user().value(), thread)).contains("STAFF_THREAD");
		assertThat(sol.get("/api/v1/messages/threads/" + thread, "application/json").statusCode()).isEqualTo(404);
		int before = unread(rileyHttp);
		nico.postJson("/api/v1/messages/threads/" + thread + "/messages", "{\"body\":\"Agreed.\"}");
		assertThat(unread(rileyHttp)).as("staff threads never count for the client").isEqualTo(before);
	}

	@Test
	void billingAndAdministratorsHaveNoMessages() {
		Http billing = clinic.signIn(clinic.billing);
		assertThat(billing.get("/api/v1/messages/threads", "application/json").statusCode()).isEqualTo(403);
		assertThat(billing.get("/messages").statusCode()).isEqualTo(403);
		assertThat(json(billing.get("/api/v1/messages/unread", "application/json")).get("unread").asInt()).isZero();
		Http admin = clinic.signIn(clinic.admin);
		assertThat(admin.postJson("/api/v1/messages/threads", "{\"client\":\"" + clinic.clientOf(riley)
				+ "\",\"subject\":\"x\",\"body\":\"y\"}").statusCode()).isEqualTo(403);
	}

	@Test
	void attachmentsAreSniffedSizeLimitedAndSealedAndARefusedOneWritesNothing() throws Exception {
		String thread = start(rileyHttp, Map.of("subject", "Forms", "body", "Sending the form."));
		long before = messageCount(thread);
		byte[] oversize = new byte[5 * 1024 * 1024 + 1];
		System.arraycopy("%PDF-1.7".getBytes(StandardCharsets.US_ASCII), 0, oversize, 0, 8);
		HttpResponse<String> tooLarge = rileyHttp.postMultipart("/api/v1/messages/threads/" + thread + "/messages",
				Map.of("body", "Here is the big one"), "form.pdf", "application/pdf", oversize);
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertThat(tooLarge.body()).contains("MESSAGING_ATTACHMENT_TOO_LARGE");
		HttpResponse<String> script = rileyHttp.postMultipart("/api/v1/messages/threads/" + thread + "/messages",
				Map.of("body", "Here is a script"), "form.pdf", "application/pdf",
				"#!/bin/sh\necho not a pdf\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(script.statusCode()).isEqualTo(415);
		assertThat(script.body()).contains("MESSAGING_ATTACHMENT_TYPE_REFUSED");
		assertThat(messageCount(thread)).as("nothing written for a refused attachment").isEqualTo(before);

		byte[] png = new byte[64];
		System.arraycopy(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' }, 0, png, 0, 8);
		Arrays.fill(png, 8, 64, (byte) 'Q');
		HttpResponse<String> sent = rileyHttp.postMultipart("/api/v1/messages/threads/" + thread + "/messages",
				Map.of("body", "A photo of the signed form"), "signed form.png", "image/png", png);
		assertThat(sent.statusCode()).isEqualTo(201);
		JsonNode last = last(json(nora.get("/api/v1/messages/threads/" + thread, "application/json")));
		assertThat(last.get("attachment").get("fileName").asString()).isEqualTo("signed form.png");
		assertThat(last.get("attachment").get("contentType").asString()).isEqualTo("image/png");
		HttpResponse<String> download = nora.get("/api/v1/messages/threads/" + thread + "/attachments/"
				+ last.get("attachment").get("id").asString(), "*/*");
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("image/png");
		assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("attachment")
			.doesNotContain("signed form");
		assertThat(sol.get("/api/v1/messages/threads/" + thread + "/attachments/"
				+ last.get("attachment").get("id").asString(), "*/*").statusCode()).isEqualTo(404);

		String stored = db.sql("""
				SELECT encode(m.body, 'escape') || encode(a.content, 'escape') || encode(a.file_name, 'escape')
				FROM messaging.message m JOIN messaging.attachment a ON a.message_id = m.id WHERE m.thread_id = ?::uuid""")
			.param(thread)
			.query(String.class)
			.single();
		assertThat(stored).as("sealed at rest").doesNotContain("A photo of the signed form")
			.doesNotContain("QQQQQQQQ").doesNotContain("signed form.png");
		assertThat(db.sql("SELECT encode(subject, 'escape') FROM messaging.thread WHERE id = ?::uuid").param(thread)
			.query(String.class).single()).doesNotContain("Forms");
	}

	@Test
	void aDischargedClientsThreadsCanBeReadButNotAnswered() throws Exception {
		Actor casey = clinic.client("Casey Leaving", clinic.north);
		Http caseyHttp = clinic.signIn(casey);
		String thread = start(caseyHttp, Map.of("subject", "Last week", "body", "Thank you all."));
		server.bean(Discharges.class).discharge(clinic.northClinician, clinic.clientOf(casey),
				new NewDischarge("COMPLETED", LocalDate.now(), "Completed the program.", "Weekly outpatient.", null));

		JsonNode view = json(caseyHttp.get("/api/v1/messages/threads/" + thread, "application/json"));
		assertThat(view.get("readOnly").asBoolean()).isTrue();
		assertThat(view.get("messages").get(0).get("body").asString()).isEqualTo("Thank you all.");
		HttpResponse<String> reply = caseyHttp.postJson("/api/v1/messages/threads/" + thread + "/messages",
				"{\"body\":\"One more thing\"}");
		assertThat(reply.statusCode()).isEqualTo(409);
		assertThat(reply.body()).contains("MESSAGING_CLIENT_DISCHARGED");
		assertThat(nora.postJson("/api/v1/messages/threads/" + thread + "/messages", "{\"body\":\"Take care\"}")
			.statusCode()).isEqualTo(409);
		assertThat(caseyHttp.get("/messages/" + thread).body()).contains("can be read but no").doesNotContain(
				"Send reply");
	}

	@Test
	void messagesPastTheOrganizationsRetentionAreVoidedByThePurge() throws Exception {
		MessageRetention retention = server.bean(MessageRetention.class);
		assertThat(retention.yearsFor(clinic.org)).isEqualTo(7);
		Http admin = clinic.signIn(clinic.admin);
		assertThat(admin.postForm("/admin/messaging", "/admin/messaging", Map.of("years", "3")).statusCode())
			.as("below HIPAA's six years").isEqualTo(400);
		assertThat(Http.location(admin.postForm("/admin/messaging", "/admin/messaging", Map.of("years", "6"))))
			.endsWith("/admin/messaging?saved");
		assertThat(retention.yearsFor(clinic.org)).isEqualTo(6);

		String old = start(rileyHttp, Map.of("subject", "Long ago", "body", "An old message."));
		String recent = start(rileyHttp, Map.of("subject", "Recent", "body", "A recent message."));
		db.sql("UPDATE messaging.message SET sent_at = now() - interval '6 years 2 days' WHERE thread_id = ?::uuid")
			.param(old)
			.update();
		assertThat(retention.purge(Instant.now())).isGreaterThanOrEqualTo(1);

		assertThat(db.sql("SELECT void_reason FROM messaging.message WHERE thread_id = ?::uuid").param(old)
			.query(String.class).single()).isEqualTo("RETENTION_EXPIRED");
		assertThat(db.sql("SELECT void_reason FROM messaging.thread WHERE id = ?::uuid").param(old)
			.query(String.class).single()).isEqualTo("RETENTION_EXPIRED");
		String list = json(rileyHttp.get("/api/v1/messages/threads", "application/json")).toString();
		assertThat(list).doesNotContain(old).contains(recent);
		assertThat(rileyHttp.get("/api/v1/messages/threads/" + old, "application/json").statusCode()).isEqualTo(404);
		assertThat(AuditLog.awaitDetails(db, "action = 'VOID' AND resource_type = 'message_retention' AND org_id = ?",
				clinic.org.value())).contains("RETENTION_EXPIRED");
	}

	@Test
	void aLongThreadIsReadPageByPageAndAnEarlierPageDoesNotMarkItRead() throws Exception {
		Actor pat = clinic.client("Pat Longthread", clinic.north);
		Http patHttp = clinic.signIn(pat);
		String thread = start(patHttp, Map.of("subject", "Week by week", "body", "First message"));
		Messages messages = server.bean(Messages.class);
		for (int i = 0; i < Messages.PAGE + 2; i++) {
			messages.reply(clinic.northClinician, thread, "Reply " + i, null);
		}

		JsonNode newest = json(patHttp.get("/api/v1/messages/threads/" + thread, "application/json"));
		assertThat(newest.get("messages")).hasSize(Messages.PAGE);
		assertThat(newest.get("messages").get(0).get("body").asString()).isEqualTo("Reply 2");
		assertThat(last(newest).get("body").asString()).isEqualTo("Reply " + (Messages.PAGE + 1));
		assertThat(newest.get("earlier").asInt()).isEqualTo(3);
		assertThat(newest.get("newest").asBoolean()).isTrue();

		String before = newest.get("earlierPage").asString();
		JsonNode earlier = json(patHttp.get("/api/v1/messages/threads/" + thread + "?before=" + before,
				"application/json"));
		assertThat(earlier.get("messages")).extracting(m -> m.get("body").asString())
			.containsExactly("First message", "Reply 0", "Reply 1");
		assertThat(earlier.get("earlier").asInt()).isZero();
		assertThat(earlier.get("earlierPage").isNull()).isTrue();
		assertThat(earlier.get("newest").asBoolean()).isFalse();
		AuditLog.awaitCount(db, 2, "actor_user = ? AND resource_type = 'message_thread' AND resource_id = ? "
				+ "AND action = 'READ' AND outcome = 'ALLOWED'", pat.user().value(), thread);

		HttpResponse<String> page = patHttp.get("/messages/" + thread + "?before=" + before);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("First message", "These are earlier messages", "Go to the newest messages")
			.doesNotContain("Reply 2<", "Show earlier messages", "id=\"latest\"");
		assertThat(unread(patHttp)).as("an earlier page does not show what is new").isEqualTo(Messages.PAGE + 2);
		HttpResponse<String> latest = patHttp.get("/messages/" + thread);
		assertThat(latest.body()).contains("3 earlier messages are not shown", "Show earlier messages",
				"?before=" + before, "id=\"latest\"").doesNotContain("These are earlier messages");
		assertThat(unread(patHttp)).isZero();

		for (String bad : new String[] { "abc", "0", "-4" }) {
			HttpResponse<String> refused = patHttp.get("/api/v1/messages/threads/" + thread + "?before=" + bad,
					"application/json");
			assertThat(refused.statusCode()).as(bad).isEqualTo(400);
			assertThat(refused.body()).contains("MESSAGING_PAGE_UNKNOWN");
		}
	}

	private String start(Http http, Map<String, String> fields) throws Exception {
		HttpResponse<String> response = http.postJson("/api/v1/messages/threads", JSON.writeValueAsString(fields));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return json(response).get("id").asString();
	}

	private int unread(Http http) {
		return json(http.get("/api/v1/messages/unread", "application/json")).get("unread").asInt();
	}

	private long messageCount(String thread) {
		return db.sql("SELECT count(*) FROM messaging.message WHERE thread_id = ?::uuid").param(thread)
			.query(Long.class).single();
	}

	private static JsonNode find(JsonNode list, String thread) {
		for (JsonNode node : list) {
			if (node.get("id").asString().equals(thread)) {
				return node;
			}
		}
		throw new AssertionError("thread not listed");
	}

	private static JsonNode last(JsonNode thread) {
		JsonNode messages = thread.get("messages");
		return messages.get(messages.size() - 1);
	}

	static JsonNode json(HttpResponse<String> response) {
		try {
			return JSON.readTree(response.body());
		}
		catch (Exception ex) {
			throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), ex);
		}
	}

}
