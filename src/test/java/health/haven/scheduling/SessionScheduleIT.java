package health.haven.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.UserId;
import health.haven.support.Http;
import health.haven.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Scheduled sessions over the real server and PostgreSQL, in a clinic of their own: recurring groups and their
 * exceptions, reschedule and cancel with notices, roster and capacity, who sees what, the calendar feed, and bad input
 * that writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Covers({ "PRV-MN-01", "SEC-TS-01" })
class SessionScheduleIT {

	static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	final TestServer server = TestServer.get();

	final JdbcClient db = server.superuserDb();

	final ScheduleClinic clinic = new ScheduleClinic(server);

	final Sessions sessions = server.bean(Sessions.class);

	final SessionPlanner planner = server.bean(SessionPlanner.class);

	final LocalDate nextMonday = LocalDate.now(NEW_YORK).with(TemporalAdjusters.next(DayOfWeek.MONDAY));

	@Test
	void aRecurringGroupFollowsItsWeeklyPatternInTheProgramsZoneAcrossADaylightSavingChange() {
		UUID track = clinic.track("Adult SUD IOP, evenings A", 12);
		// 2026-03-08 is the US change to daylight-saving time: 18:00 stays 18:00 in New York.
		ScheduledSeries series = planner.scheduleGroup(clinic.director, clinic.program, track,
				new NewGroupSeries(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 15), clinic.facilitator.user(),
						null, null, null, null, null));
		assertThat(series.sessions()).hasSize(6);
		assertThat(startsOf(series)).containsExactly(Instant.parse("2026-03-02T23:00:00Z"),
				Instant.parse("2026-03-04T23:00:00Z"), Instant.parse("2026-03-05T23:00:00Z"),
				Instant.parse("2026-03-09T22:00:00Z"), Instant.parse("2026-03-11T22:00:00Z"),
				Instant.parse("2026-03-12T22:00:00Z"));
		ScheduledSeries own = planner.scheduleGroup(clinic.director, clinic.program, track,
				new NewGroupSeries(nextMonday, nextMonday.plusDays(13), clinic.facilitator.user(),
						clinic.clinician.user(), "TUE", "10:00", "11:30", 8));
		assertThat(own.sessions()).hasSize(2);
		ScheduledSession first = sessions.find(clinic.facilitator, own.sessions().get(0));
		assertThat(first.kind()).isEqualTo(SessionKind.GROUP);
		assertThat(first.startsAt().atZone(NEW_YORK).toLocalDateTime())
			.isEqualTo(nextMonday.plusDays(1).atTime(10, 0));
		assertThat(java.time.Duration.between(first.startsAt(), first.endsAt()).toMinutes()).isEqualTo(90);
		assertThat(first.staff()).containsExactly(clinic.facilitator.user(), clinic.clinician.user());
	}

	@Test
	void anOccurrenceMovedOrCancelledIsAnExceptionAndEveryoneAffectedGetsANoticeWithADateOnly() {
		UUID track = clinic.track("Adult SUD IOP, evenings B", 12);
		ClientId other = clinic.newClient();
		enroll(clinic.portalClient, track);
		enroll(other, track);
		ScheduledSeries series = series(track);
		UUID moved = series.sessions().get(1);
		UUID cancelled = series.sessions().get(2);
		Instant before = sessions.find(clinic.facilitator, moved).startsAt();
		LocalDate day = before.atZone(NEW_YORK).toLocalDate();

		assertThatThrownBy(() -> planner.reschedule(clinic.facilitator, moved, day.atTime(19, 0), day.atTime(22, 0), 7))
			.hasMessageContaining("SCHEDULING_SESSION_CHANGED_MEANWHILE");
		assertThatThrownBy(() -> planner.cancel(clinic.clinician, moved, 1))
			.as("the co-facilitator sees the session but does not change it")
			.hasMessageContaining("SCHEDULING_SESSION_CHANGE_NOT_ALLOWED");
		assertThatThrownBy(() -> planner.cancel(clinic.otherClinician, moved, 1)).isInstanceOfSatisfying(
				HavenException.class, ex -> assertThat(ex.kind()).isEqualTo(HavenException.Kind.NOT_FOUND));
		assertThat(notices(moved)).isZero();

		planner.reschedule(clinic.facilitator, moved, day.atTime(19, 0), day.atTime(22, 0), 1);
		assertThat(sessions.find(clinic.facilitator, moved).startsAt())
			.isEqualTo(day.atTime(19, 0).atZone(NEW_YORK).toInstant());
		assertThat(sessions.find(clinic.facilitator, series.sessions().get(0)).startsAt().atZone(NEW_YORK).getHour())
			.as("the other occurrences stay as they were").isEqualTo(18);
		planner.cancel(clinic.director, cancelled, 1);
		assertThat(sessions.find(clinic.client, cancelled).status()).isEqualTo(SessionStatus.CANCELLED);
		assertThatThrownBy(() -> planner.cancel(clinic.director, cancelled, 2))
			.hasMessageContaining("SCHEDULING_SESSION_CANCELLED");

		String movedText = "Your session on " + SessionTimes.day(before, NEW_YORK) + " moved.";
		assertThat(db.sql("SELECT text FROM scheduling.session_notice WHERE session_id = ? AND client_id = ?")
			.params(moved, other.value()).query(String.class).list()).containsExactly(movedText);
		assertThat(db.sql("SELECT count(*) FROM scheduling.session_notice WHERE session_id = ? AND user_id = ?")
			.params(moved, clinic.clinician.user().value()).query(Long.class).single())
			.as("the co-facilitator is told").isEqualTo(1);
		assertThat(db.sql("SELECT count(*) FROM scheduling.session_notice WHERE session_id = ? AND user_id = ?")
			.params(moved, clinic.facilitator.user().value()).query(Long.class).single())
			.as("the one who moved it is not").isZero();
		assertThat(db.sql("SELECT count(*) FROM scheduling.session_notice WHERE session_id = ?").param(cancelled)
			.query(Long.class).single()).as("facilitator, co-facilitator and two clients").isEqualTo(4);

		List<SessionNotice> mine = sessions.notices(clinic.client);
		assertThat(mine).extracting(SessionNotice::text).contains(movedText,
				"Your session on " + SessionTimes.day(sessions.find(clinic.client, cancelled).startsAt(), NEW_YORK)
						+ " was cancelled.");
		Http client = clinic.signIn(clinic.client);
		HttpResponse<String> page = client.get("/schedule/upcoming");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(movedText).doesNotContain("SUD").doesNotContain(other.toString());
		assertThat(client.postForm("/schedule/notices/" + mine.get(0).id() + "/dismiss", "/schedule/upcoming", Map.of())
			.statusCode()).isEqualTo(302);
		assertThat(sessions.notices(clinic.client)).hasSize(mine.size() - 1);
		assertThatThrownBy(() -> sessions.dismiss(clinic.otherClinician, mine.get(1).id()))
			.hasMessageContaining("SCHEDULING_NOTICE_NOT_FOUND");
	}

	@Test
	void aRecurringGroupIsCancelledFromADateOnWithNoticesAndItsEarlierOccurrencesStay() {
		UUID track = clinic.track("Adult SUD IOP, evenings G", 12);
		enroll(clinic.portalClient, track);
		ScheduledSeries series = series(track);
		assertThatThrownBy(() -> planner.cancelSeries(clinic.facilitator, series.id(), nextMonday.plusDays(7)))
			.hasMessageContaining("SCHEDULING_DIRECTORS_ONLY");
		assertThatThrownBy(() -> planner.cancelSeries(clinic.director, UUID.randomUUID(), null))
			.hasMessageContaining("SCHEDULING_SERIES_NOT_FOUND");
		planner.cancel(clinic.facilitator, series.sessions().get(4), 1);
		assertThat(planner.cancelSeries(clinic.director, series.id(), nextMonday.plusDays(7)))
			.as("the second week's occurrences still scheduled").isEqualTo(2);
		assertThat(series.sessions()).extracting(id -> sessions.find(clinic.client, id).status()).containsExactly(
				SessionStatus.SCHEDULED, SessionStatus.SCHEDULED, SessionStatus.SCHEDULED, SessionStatus.CANCELLED,
				SessionStatus.CANCELLED, SessionStatus.CANCELLED);
		assertThat(db.sql("SELECT count(*) FROM scheduling.session_notice WHERE session_id = ? AND client_id = ?")
			.params(series.sessions().get(3), clinic.portalClient.value()).query(Long.class).single()).isEqualTo(1);
		assertThat(db.sql("SELECT count(*) FROM scheduling.session_notice WHERE session_id = ? AND client_id = ?")
			.params(series.sessions().get(4), clinic.portalClient.value()).query(Long.class).single())
			.as("told once, when it was cancelled on its own").isEqualTo(1);
	}

	@Test
	void aGroupsRosterIsTheTracksActiveEnrollmentPlusAdditionsWithinItsCapacity() {
		UUID track = clinic.track("Adult SUD IOP, evenings C", 3);
		ClientId second = clinic.newClient();
		ClientId added = clinic.newClient();
		ClientId tooMany = clinic.newClient();
		enroll(clinic.portalClient, track);
		enroll(second, track);
		UUID session = series(track).sessions().get(0);
		assertThat(sessions.find(clinic.facilitator, session).roster()).containsExactlyInAnyOrder(clinic.portalClient,
				second);
		planner.addToRoster(clinic.facilitator, session, added);
		assertThatThrownBy(() -> planner.addToRoster(clinic.facilitator, session, added))
			.hasMessageContaining("SCHEDULING_ALREADY_ON_ROSTER");
		assertThatThrownBy(() -> planner.addToRoster(clinic.director, session, tooMany))
			.hasMessageContaining("SCHEDULING_SESSION_FULL");
		assertThat(sessions.find(clinic.director, session).roster()).containsExactlyInAnyOrder(clinic.portalClient,
				second, added);
		assertThat(sessions.find(clinic.client, session).roster()).as("a client sees only themself on the roster")
			.containsExactly(clinic.portalClient);
		assertThat(db.sql("SELECT count(*) FROM scheduling.session_roster_addition WHERE session_id = ?").param(session)
			.query(Long.class).single()).isEqualTo(1);
		assertThatThrownBy(() -> planner.scheduleGroup(clinic.director, clinic.program, track,
				new NewGroupSeries(nextMonday, nextMonday.plusDays(6), clinic.facilitator.user(), null, null, null,
						null, 1)))
			.as("a group's capacity below the track's active enrollment").hasMessageContaining("CAPACITY_BELOW_ENROLLED");
	}

	@Test
	void staffSeeTheSessionsTheyRunAndTheDirectorTheirProgramsWhileOthersFindNothing() {
		String trackName = "Adult SUD IOP, evenings D";
		UUID track = clinic.track(trackName, 12);
		enroll(clinic.portalClient, track);
		ClientId other = clinic.newClient();
		enroll(other, track);
		ScheduledSeries series = series(track);
		UUID individual = planner.scheduleIndividual(clinic.clinician,
				new NewIndividualSession(clinic.portalClient, nextMonday.plusDays(1).atTime(10, 0), 50));
		String week = SessionTimes.week(nextMonday);

		HttpResponse<String> facilitatorWeek = clinic.signIn(clinic.facilitator).get("/schedule?week=" + week);
		assertThat(facilitatorWeek.statusCode()).isEqualTo(200);
		assertThat(facilitatorWeek.body()).contains(trackName).contains("Facilitator").contains(week)
			.doesNotContain(clinic.portalClientName);
		ScheduleWeek directorWeek = sessions.week(clinic.director, week);
		assertThat(directorWeek.sessions()).extracting(SessionEntry::id).containsAll(series.sessions().subList(0, 3))
			.contains(individual);
		assertThat(directorWeek.sessions()).filteredOn(e -> e.id().equals(series.sessions().get(0)))
			.extracting(SessionEntry::role).containsExactly("Program director");
		assertThat(sessions.week(clinic.clinician, week).sessions()).extracting(SessionEntry::id).contains(individual);
		assertThat(sessions.week(clinic.otherClinician, week).sessions()).isEmpty();
		assertThatThrownBy(() -> sessions.find(clinic.otherFacilitator, series.sessions().get(0)))
			.hasMessageContaining("SCHEDULING_SESSION_NOT_FOUND");
		assertThatThrownBy(() -> sessions.find(clinic.otherClinician, individual))
			.hasMessageContaining("SCHEDULING_SESSION_NOT_FOUND");
		assertThatThrownBy(() -> sessions.week(clinic.client, week)).hasMessageContaining("STAFF_ONLY");

		Http client = clinic.signIn(clinic.client);
		HttpResponse<String> mine = client.get("/api/v1/me/sessions", "application/json");
		assertThat(mine.statusCode()).isEqualTo(200);
		assertThat(mine.body()).contains(series.sessions().get(0).toString()).contains(individual.toString())
			.contains("Group session").doesNotContain(trackName).doesNotContain(other.toString())
			.doesNotContain(clinic.facilitator.user().toString()).doesNotContain("rosterSize\":3");
		HttpResponse<String> one = client.get("/api/v1/sessions/" + series.sessions().get(0), "application/json");
		assertThat(one.statusCode()).isEqualTo(200);
		assertThat(one.body()).contains(clinic.portalClient.toString()).doesNotContain(other.toString());
		assertThat(client.get("/schedule").statusCode()).isEqualTo(403);
		assertThat(client.get("/api/v1/sessions/" + UUID.randomUUID(), "application/json").statusCode()).isEqualTo(404);
	}

	@Test
	void theCalendarFeedIsValidICalendarWithoutPhiAndItsTokenCanBeReplacedAndRevoked() throws Exception {
		String trackName = "Adult SUD IOP, evenings E";
		UUID track = clinic.track(trackName, 12);
		ClientId other = clinic.newClient("Bartholomew Feedcheck");
		enroll(clinic.portalClient, track);
		enroll(other, track);
		ScheduledSeries series = series(track);
		planner.cancel(clinic.facilitator, series.sessions().get(5), 1);
		Http client = clinic.signIn(clinic.client);
		String token = newFeedToken(client);
		assertThat(db.sql("SELECT count(*) FROM scheduling.calendar_feed WHERE user_id = ? AND token_hash = ?")
			.params(clinic.client.user().value(), sha256(token)).query(Long.class).single())
			.as("only the token's hash is stored").isEqualTo(1);

		HttpResponse<String> feed = new Http(server).get("/calendar/" + token, "text/calendar");
		assertThat(feed.statusCode()).isEqualTo(200);
		assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
		String body = feed.body();
		assertThat(body).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:").endsWith("END:VCALENDAR\r\n");
		assertThat(body.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
		for (String line : body.split("\r\n")) {
			assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
		}
		String unfolded = body.replace("\r\n ", "");
		for (UUID session : series.sessions()) {
			assertThat(unfolded).contains("UID:" + session + "@haven");
		}
		assertThat(count(unfolded, "BEGIN:VEVENT")).isEqualTo(count(unfolded, "END:VEVENT")).isGreaterThanOrEqualTo(6);
		assertThat(count(unfolded, "SUMMARY:Haven session")).isEqualTo(count(unfolded, "BEGIN:VEVENT"));
		assertThat(unfolded).contains("STATUS:CANCELLED").contains("DTSTART:").contains("DTSTAMP:")
			.containsPattern("DESCRIPTION:Open Haven: https://localhost:\\d+/schedule/upcoming");
		assertThat(unfolded).doesNotContain(clinic.portalClientName).doesNotContain("Bartholomew")
			.doesNotContain(trackName).doesNotContain("SUD").doesNotContain("Adult IOP")
			.doesNotContain(clinic.portalClient.toString()).doesNotContain(other.toString())
			.doesNotContain(clinic.client.user().toString()).doesNotContain(clinic.facilitator.user().toString())
			.doesNotContain("@" + clinic.slug);

		assertThat(new Http(server).get("/calendar/" + token.substring(1) + "A", "text/calendar").statusCode())
			.isEqualTo(404);
		assertThat(new Http(server).get("/calendar/" + clinic.client.user(), "text/calendar").statusCode())
			.isEqualTo(404);
		String renewed = newFeedToken(client);
		assertThat(new Http(server).get("/calendar/" + token, "text/calendar").statusCode())
			.as("a replaced token").isEqualTo(404);
		assertThat(new Http(server).get("/calendar/" + renewed, "text/calendar").statusCode()).isEqualTo(200);
		assertThat(client.postForm("/account/calendar/revoke", "/account/calendar", Map.of()).statusCode())
			.isEqualTo(302);
		assertThat(new Http(server).get("/calendar/" + renewed, "text/calendar").statusCode())
			.as("a revoked token").isEqualTo(404);
	}

	@Test
	void badInputIsAClearBadRequestAndWritesNothing() {
		UUID track = clinic.track("Adult SUD IOP, evenings F", 12);
		long series = rows("scheduling.session_series");
		long all = rows("scheduling.session");
		UserId facilitator = clinic.facilitator.user();
		assertBadRequest(() -> planner.scheduleGroup(clinic.director, clinic.program, track,
				new NewGroupSeries(nextMonday, nextMonday.minusDays(1), facilitator, null, null, null, null, null)),
				"SCHEDULING_RANGE_INVALID");
		assertBadRequest(() -> planner.scheduleGroup(clinic.director, clinic.program, track,
				new NewGroupSeries(nextMonday, nextMonday.plusDays(400), facilitator, null, null, null, null, null)),
				"SCHEDULING_RANGE_INVALID");
		assertBadRequest(() -> planner.scheduleGroup(clinic.director, clinic.program, track,
				new NewGroupSeries(nextMonday, nextMonday.plusDays(6), clinic.otherFacilitator.user(), null, null,
						null, null, null)), "SCHEDULING_FACILITATOR_INVALID");
		assertBadRequest(() -> planner.scheduleGroup(clinic.director, clinic.program, track,
				new NewGroupSeries(nextMonday, nextMonday.plusDays(6), facilitator, facilitator, null, null, null,
						null)), "SCHEDULING_CO_FACILITATOR_INVALID");
		assertBadRequest(() -> planner.scheduleGroup(clinic.director, clinic.program, track,
				new NewGroupSeries(nextMonday, nextMonday.plusDays(6), facilitator, null, "FRI", "18:00", "17:00",
						null)), "SCHEDULING_TRACK_TIMES_INVALID");
		assertBadRequest(() -> planner.scheduleGroup(clinic.director, clinic.program, track,
				new NewGroupSeries(nextMonday, nextMonday.plusDays(2), facilitator, null, "FRI", null, null, null)),
				"SCHEDULING_NO_OCCURRENCES");
		assertThatThrownBy(() -> planner.scheduleGroup(clinic.facilitator, clinic.program, track,
				new NewGroupSeries(nextMonday, nextMonday.plusDays(6), facilitator, null, null, null, null, null)))
			.hasMessageContaining("SCHEDULING_DIRECTORS_ONLY");
		assertBadRequest(() -> planner.scheduleIndividual(clinic.clinician,
				new NewIndividualSession(clinic.portalClient, nextMonday.atTime(10, 0), 5)), "SCHEDULING_LENGTH_INVALID");
		assertThatThrownBy(() -> planner.scheduleIndividual(clinic.otherClinician,
				new NewIndividualSession(clinic.portalClient, nextMonday.atTime(10, 0), 50)))
			.as("a client outside one's care is not found, before any input is checked")
			.isInstanceOfSatisfying(HavenException.class,
					ex -> assertThat(ex.kind()).isEqualTo(HavenException.Kind.NOT_FOUND));

		Http director = clinic.signIn(clinic.director);
		String path = "/api/v1/programs/" + clinic.program + "/tracks/" + track + "/sessions";
		HttpResponse<String> malformed = director.postJson(path, "{\"from\":\"next monday\",\"to\":\"2027-01-01\","
				+ "\"facilitator\":\"" + facilitator + "\"}");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.body()).contains("SCHEDULING_DATE_INVALID");
		assertThat(director.postJson(path, "{\"from\":\"" + nextMonday + "\",\"to\":\"" + nextMonday.plusDays(6)
				+ "\",\"facilitator\":\"not-an-id\"}").statusCode()).isEqualTo(400);
		assertThat(rows("scheduling.session_series")).isEqualTo(series);
		assertThat(rows("scheduling.session")).isEqualTo(all);

		HttpResponse<String> created = director.postJson(path, "{\"from\":\"" + nextMonday + "\",\"to\":\""
				+ nextMonday.plusDays(6) + "\",\"facilitator\":\"" + facilitator + "\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		UUID session = UUID.fromString(firstSession(created.body()));
		Instant start = sessions.find(clinic.director, session).startsAt();
		HttpResponse<String> backwards = director.postJson("/api/v1/sessions/" + session + "/reschedule",
				"{\"startsAt\":\"" + nextMonday.atTime(20, 0) + "\",\"endsAt\":\"" + nextMonday.atTime(19, 0)
						+ "\",\"version\":\"1\"}");
		assertThat(backwards.statusCode()).isEqualTo(400);
		HttpResponse<String> stale = director.postJson("/api/v1/sessions/" + session + "/cancel", "{\"version\":\"9\"}");
		assertThat(stale.statusCode()).isEqualTo(409);
		assertThat(stale.body()).contains("SCHEDULING_SESSION_CHANGED_MEANWHILE");
		ScheduledSession unchanged = sessions.find(clinic.director, session);
		assertThat(unchanged.startsAt()).isEqualTo(start);
		assertThat(unchanged.status()).isEqualTo(SessionStatus.SCHEDULED);
		assertThat(notices(session)).isZero();
		assertThat(director.get("/api/v1/schedule?week=2026-W99", "application/json").statusCode()).isEqualTo(400);
	}

	@Test
	void theDemoHasTwoWeeksOfBothTracksGroupsAndAnIndividualSessionForItsClient() {
		UUID demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).single();
		assertThat(db.sql("SELECT count(DISTINCT track_id) FROM scheduling.session WHERE org_id = ? AND kind = 'GROUP'")
			.param(demo).query(Long.class).single()).isEqualTo(2);
		assertThat(db.sql("SELECT count(*) FROM scheduling.session WHERE org_id = ? AND kind = 'INDIVIDUAL'")
			.param(demo).query(Long.class).single()).isEqualTo(1);
		// Whether client@ is in the evening group depends on the demo's random ids (one evening client awaits admission).
		HttpResponse<String> mine = demo("client@demo.haven.test").get("/api/v1/me/sessions", "application/json");
		assertThat(mine.statusCode()).isEqualTo(200);
		assertThat(mine.body()).contains("Individual session").doesNotContain("SUD");
		HttpResponse<String> facilitator = demo("facilitator@demo.haven.test").get("/api/v1/me/sessions",
				"application/json");
		assertThat(facilitator.statusCode()).isEqualTo(200);
		assertThat(facilitator.body()).contains("Adult SUD IOP, evenings").contains("Facilitator");
	}

	private Http demo(String email) {
		return Http.signedIn(server, health.haven.support.DemoAccounts.read(server.dataDir()).stream()
			.filter(a -> a.username().equals(email)).findFirst().orElseThrow());
	}

	private ScheduledSeries series(UUID track) {
		return planner.scheduleGroup(clinic.director, clinic.program, track, new NewGroupSeries(nextMonday,
				nextMonday.plusDays(13), clinic.facilitator.user(), clinic.clinician.user(), null, null, null, null));
	}

	private void enroll(ClientId client, UUID track) {
		Enrollments enrollments = server.bean(Enrollments.class);
		db.sql("UPDATE scheduling.enrollment SET status = 'DISCHARGED' WHERE client_id = ?").param(client.value())
			.update();
		enrollments.enroll(clinic.clinician, client, new NewEnrollment(track, LocalDate.now(), 12, null));
	}

	private List<Instant> startsOf(ScheduledSeries series) {
		return db.sql("SELECT starts_at FROM scheduling.session WHERE series_id = ? ORDER BY starts_at")
			.param(series.id())
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.list();
	}

	private long notices(UUID session) {
		return db.sql("SELECT count(*) FROM scheduling.session_notice WHERE session_id = ?").param(session)
			.query(Long.class).single();
	}

	private long rows(String table) {
		return db.sql("SELECT count(*) FROM " + table + " WHERE org_id = ?").param(clinic.org.value())
			.query(Long.class).single();
	}

	private String newFeedToken(Http client) {
		HttpResponse<String> page = client.postForm("/account/calendar", "/account/calendar", Map.of());
		assertThat(page.statusCode()).isEqualTo(200);
		Matcher url = Pattern.compile("/calendar/([A-Za-z0-9_-]{43})<").matcher(page.body());
		assertThat(url.find()).as("the new address is shown once").isTrue();
		return url.group(1);
	}

	private static String firstSession(String json) {
		Matcher id = Pattern.compile("\"sessions\":\\[\"([0-9a-f-]{36})\"").matcher(json);
		assertThat(id.find()).as(json).isTrue();
		return id.group(1);
	}

	private static byte[] sha256(String token) throws Exception {
		return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
	}

	private static int count(String text, String part) {
		return text.split(Pattern.quote(part), -1).length - 1;
	}

	private static void assertBadRequest(Runnable call, String code) {
		assertThatThrownBy(call::run).isInstanceOfSatisfying(HavenException.class, ex -> {
			assertThat(ex.kind()).isEqualTo(HavenException.Kind.BAD_REQUEST);
			assertThat(ex.code()).isEqualTo(code);
		});
	}

}
