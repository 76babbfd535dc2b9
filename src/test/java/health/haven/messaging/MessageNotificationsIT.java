package health.haven.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import health.haven.Covers;
import health.haven.identity.Actor;
import health.haven.records.Diagnoses;
import health.haven.records.NewDiagnosis;
import health.haven.records.NewProgressNote;
import health.haven.records.ProgressNotes;
import health.haven.support.Http;
import health.haven.support.TestServer;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notification e-mail through a real SMTP server (GreenMail, in process): a new message sends each person who should
 * hear of it a notice that carries no PHI (no name, diagnosis, note, subject or message text, only a link); quiet
 * hours hold it until they end; "portal only" and "no e-mail" send nothing.
 */
@Covers({ "SEC-TS-01" })
class MessageNotificationsIT {

	final TestServer server = TestServer.get();

	final GreenMail mail = server.mail();

	final JdbcClient db = server.superuserDb();

	@Test
	void aNewMessageSendsTheTeamANoticeWithoutAnyPhi() throws Exception {
		MessagingClinic clinic = new MessagingClinic(server);
		Actor riley = clinic.client("Riley Notified", clinic.north);
		server.bean(Diagnoses.class).record(clinic.northClinician, clinic.clientOf(riley),
				new NewDiagnosis("F10.20", LocalDate.now().minusMonths(2), true, "SUD_PART2"));
		String noteText = "Discussed cravings after the weekend " + clinic.slug;
		server.bean(ProgressNotes.class).create(clinic.northClinician, clinic.clientOf(riley),
				new NewProgressNote("DAP", null, "GENERAL", LocalDate.now().toString(), false,
						Map.of("data", noteText, "assessment", "Stable.", "plan", "Continue.")));
		Http rileyHttp = clinic.signIn(riley);
		String subject = "Worried about relapse " + clinic.slug;
		String body = "I drank on Saturday and feel ashamed " + clinic.slug;
		assertThat(rileyHttp.postJson("/api/v1/messages/threads",
				JsonMapper.builder().build().writeValueAsString(Map.of("subject", subject, "body", body)))
			.statusCode()).isEqualTo(201);

		List<MimeMessage> received = awaitMail(clinic.email(clinic.northClinician.user()), Duration.ofSeconds(15));
		assertThat(received).hasSize(1);
		assertThat(awaitMail(clinic.email(clinic.northColleague.user()), Duration.ofSeconds(10))).hasSize(1);
		assertThat(mailTo(clinic.email(clinic.southClinician.user()))).as("outside the client's care: no mail")
			.isEmpty();
		assertThat(mailTo(clinic.email(riley.user()))).as("not the author").isEmpty();
		MimeMessage notice = received.get(0);
		// The subject and the text: the headers name only the recipient's own address.
		String whole = notice.getSubject() + "\n" + GreenMailUtil.getBody(notice);
		assertThat(whole).contains("/messages", "988")
			.doesNotContain(clinic.recordName("Riley Notified"))
			.doesNotContain("Riley")
			.doesNotContain("F10.20")
			.doesNotContain(noteText)
			.doesNotContain(subject)
			.doesNotContain(body)
			.doesNotContain(clinic.slug.substring(4))
			.doesNotContain(clinic.clientOf(riley).toString());
	}

	@Test
	void quietHoursHoldTheNoticeUntilTheyEnd() throws Exception {
		MessagingClinic clinic = new MessagingClinic(server);
		Actor riley = clinic.client("Riley Latenight", clinic.north);
		Http nora = clinic.signIn(clinic.northClinician);
		LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
		LocalTime end = now.plusHours(2);
		HttpResponse<String> saved = nora.postForm("/account/communication", "/account/communication",
				Map.of("emailNotifications", "true", "quietStart", now.minusHours(1).toString(), "quietEnd",
						end.toString(), "zone", "UTC"));
		assertThat(Http.location(saved)).as(saved.body()).endsWith("/account/communication?saved");

		Http rileyHttp = clinic.signIn(riley);
		rileyHttp.postJson("/api/v1/messages/threads", "{\"subject\":\"Tonight\",\"body\":\"Hard evening.\"}");
		assertThat(awaitMail(clinic.email(clinic.northColleague.user()), Duration.ofSeconds(15)))
			.as("no quiet hours: mailed at once").hasSize(1);
		assertThat(mailTo(clinic.email(clinic.northClinician.user()))).as("in quiet hours: held").isEmpty();
		Instant due = db.sql("SELECT due_at FROM messaging.notification WHERE user_id = ? AND sent_at IS NULL")
			.param(clinic.northClinician.user().value())
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant();
		Instant expectedEnd = LocalDate.now(ZoneOffset.UTC).atTime(end).toInstant(ZoneOffset.UTC);
		if (end.isBefore(now)) {
			expectedEnd = expectedEnd.plus(Duration.ofDays(1));
		}
		assertThat(due).as("due when the quiet hours end").isEqualTo(expectedEnd);

		// The quiet hours end (the clock moved on): the held notice goes out at the next sweep.
		db.sql("UPDATE messaging.notification SET due_at = now() WHERE user_id = ? AND sent_at IS NULL")
			.param(clinic.northClinician.user().value())
			.update();
		assertThat(awaitMail(clinic.email(clinic.northClinician.user()), Duration.ofSeconds(15))).hasSize(1);
	}

	@Test
	void portalOnlyAndNoEmailSendNothing() throws Exception {
		MessagingClinic clinic = new MessagingClinic(server);
		Actor riley = clinic.client("Riley Portalonly", clinic.north);
		Http nora = clinic.signIn(clinic.northClinician);
		assertThat(nora.putJson("/api/v1/me/communication-preferences",
				"{\"emailNotifications\":true,\"portalOnly\":true,\"zone\":\"America/Chicago\"}").statusCode())
			.isEqualTo(200);
		Http fay = clinic.signIn(clinic.northFacilitator);
		fay.postForm("/account/communication", "/account/communication", Map.of("zone", "America/Chicago"));
		assertThat(fay.get("/api/v1/me/communication-preferences", "application/json").body())
			.contains("\"emailNotifications\":false");

		Http rileyHttp = clinic.signIn(riley);
		HttpResponse<String> page = rileyHttp.get("/account/communication");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("never puts health information in e-mail");
		rileyHttp.postJson("/api/v1/messages/threads", "{\"subject\":\"Hello\",\"body\":\"Checking in.\"}");

		assertThat(awaitMail(clinic.email(clinic.northColleague.user()), Duration.ofSeconds(15)))
			.as("the sweep ran: the colleague with the defaults got theirs").hasSize(1);
		Thread.sleep(2500);
		assertThat(mailTo(clinic.email(clinic.northClinician.user()))).as("portal only").isEmpty();
		assertThat(mailTo(clinic.email(clinic.northFacilitator.user()))).as("e-mail notifications off").isEmpty();
		assertThat(db.sql("SELECT count(*) FROM messaging.notification WHERE user_id IN (?, ?)")
			.params(clinic.northClinician.user().value(), clinic.northFacilitator.user().value())
			.query(Long.class)
			.single()).isZero();
	}

	private List<MimeMessage> awaitMail(String address, Duration patience) throws InterruptedException {
		long deadline = System.nanoTime() + patience.toNanos();
		while (System.nanoTime() < deadline) {
			List<MimeMessage> found = mailTo(address);
			if (!found.isEmpty()) {
				return found;
			}
			Thread.sleep(100);
		}
		return mailTo(address);
	}

	private List<MimeMessage> mailTo(String address) {
		return Arrays.stream(mail.getReceivedMessages()).filter(message -> {
			try {
				Address[] to = message.getAllRecipients();
				return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address));
			}
			catch (jakarta.mail.MessagingException ex) {
				return false;
			}
		}).toList();
	}

}
