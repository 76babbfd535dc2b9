package health.haven.bench;

import health.haven.consent.AccessDecision;
import health.haven.consent.AccessDecision.Deny;
import health.haven.consent.AccessDecision.Permit;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.identity.Relationship;
import health.haven.identity.Role;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.support.TestServer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The identity benchmark behind {@code bench/identity.sh}, on a Haven started by {@link TestServer} (embedded
 * PostgreSQL, demo organization):
 * <ol>
 * <li>one sign-in's password check: {@code matches(password, storedHash)} of the application's
 * {@link PasswordEncoder} bean (Argon2id, 19 MiB, 2 iterations, 1 lane) against the demo clinician's stored hash,
 * single thread, mean of {@code bench.password-checks} checks after warm-up;</li>
 * <li>one access decision, {@link AccessDecisions#decide}, with warm caches (care-team relationships, break-glass
 * grants): a clinician deciding over all twelve demo clients in turn (half permitted, half denied); the median of
 * {@code bench.decision-rounds} rounds of {@code bench.decisions-per-round} decisions, so that a round disturbed by
 * another process, a GC or the break-glass memory's 10-second reload does not move the figure;</li>
 * <li>one decision right after a care-team change (the change drops the organization's cached relationships, so the
 * decision reads them from PostgreSQL again): alternately assigning a day-team client to the clinician's team and
 * unassigning it, timing the next decision each time, and checking that it flips Deny -&gt; Permit -&gt; Deny
 * (the benchmark fails if it does not: a stale cache would be a security bug, not a slow path).</li>
 * </ol>
 * Progress goes to standard error; the last line of standard output is the result.
 */
public final class IdentityBench {

	public static void main(String[] args) {
		// Haven's non-daemon threads would keep the JVM alive after main: exit explicitly, non-zero on failure.
		try {
			run();
		}
		catch (Throwable failure) {
			failure.printStackTrace();
			System.err.println("identity benchmark FAILED: " + failure.getMessage());
			System.exit(1);
		}
		System.exit(0);
	}

	static void run() throws Exception {
		quietLogging();
		int passwordChecks = Integer.getInteger("bench.password-checks", 20);
		int rounds = Integer.getInteger("bench.decision-rounds", 15);
		int perRound = Integer.getInteger("bench.decisions-per-round", 200_000);
		int changes = Integer.getInteger("bench.changes", 200);

		long t0 = System.nanoTime();
		TestServer server = TestServer.get();
		// Spring Boot configures logging afresh at start-up; quiet it again so that the shutdown's lines stay off
		// standard output after the result.
		quietLogging();
		log("Haven started in %.1f s", (System.nanoTime() - t0) / 1e9);
		JdbcClient superuser = server.superuserDb();

		// 1. Password check
		PasswordEncoder encoder = server.bean(PasswordEncoder.class);
		if (!(encoder instanceof Argon2PasswordEncoder)) {
			throw new IllegalStateException("the PasswordEncoder bean is not Argon2: " + encoder.getClass());
		}
		String email = "clinician@demo.haven.test";
		String hash = superuser.sql("SELECT password_hash FROM identity.user_account WHERE id = ?")
			.param(TestServer.accountIdOf(email))
			.query(String.class)
			.single();
		if (!hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")) {
			throw new IllegalStateException("unexpected Argon2 parameters in the stored hash: "
					+ hash.substring(0, hash.lastIndexOf('$', hash.lastIndexOf('$') - 1)));
		}
		String password = demoPassword(server, email);
		for (int i = 0; i < 5; i++) {
			check(encoder.matches(password, hash), "the demo password does not match its stored hash");
			check(!encoder.matches(password + "x", hash), "a wrong password matched");
		}
		long started = System.nanoTime();
		for (int i = 0; i < passwordChecks; i++) {
			check(encoder.matches(password, hash), "the demo password does not match its stored hash");
		}
		double passwordMs = (System.nanoTime() - started) / 1e6 / passwordChecks;
		log("password check (Argon2id m=19456 t=2 p=1): %.1f ms mean of %d", passwordMs, passwordChecks);

		// 2. Access decisions with warm caches
		AccessDecisions decisions = server.bean(AccessDecisions.class);
		CareTeams careTeams = server.bean(CareTeams.class);
		UUID clinicianId = superuser.sql("SELECT user_id FROM identity.sign_in_name WHERE user_id = ?")
			.param(TestServer.accountIdOf(email))
			.query(UUID.class)
			.single();
		OrgId org = new OrgId(superuser.sql("SELECT org_id FROM identity.sign_in_name WHERE user_id = ?")
			.param(TestServer.accountIdOf(email))
			.query(UUID.class)
			.single());
		UserId clinician = new UserId(clinicianId);
		UUID ownTeam = superuser.sql("SELECT care_team_id FROM identity.care_team_member WHERE user_id = ?")
			.param(clinicianId)
			.query(UUID.class)
			.single();
		List<ClientId> related = superuser.sql("SELECT client_id FROM identity.care_team_client WHERE care_team_id = ? "
				+ "ORDER BY client_id")
			.param(ownTeam)
			.query((rows, n) -> new ClientId(rows.getObject(1, UUID.class)))
			.list();
		List<ClientId> unrelated = superuser.sql("""
				SELECT client_id FROM identity.care_team_client WHERE org_id = ? AND client_id NOT IN
				    (SELECT client_id FROM identity.care_team_client WHERE care_team_id = ?)
				ORDER BY client_id""")
			.params(org.value(), ownTeam)
			.query((rows, n) -> new ClientId(rows.getObject(1, UUID.class)))
			.list();
		check(!related.isEmpty() && !unrelated.isEmpty(), "the demo organization lacks related or unrelated clients");
		log("clinician %s on team %s: %d related clients, %d unrelated", clinician, ownTeam, related.size(),
				unrelated.size());
		Actor actor = new Actor(org, clinician, Set.of(Role.CLINICIAN), null, "127.0.0.1");
		ClientId[] everyone = new ClientId[related.size() + unrelated.size()];
		for (int i = 0; i < everyone.length; i++) {
			everyone[i] = i < related.size() ? related.get(i) : unrelated.get(i - related.size());
		}
		for (ClientId client : related) {
			check(decide(decisions, actor, org, client) instanceof Permit permit
					&& permit.basis() == Relationship.CARE_TEAM, "no care-team permit for a client of the team");
		}
		for (ClientId client : unrelated) {
			check(decide(decisions, actor, org, client) instanceof Deny, "a permit for a client of another team");
		}
		long sink = 0;
		for (int i = 0; i < 3 * perRound; i++) { // warm-up
			sink += decide(decisions, actor, org, everyone[i % everyone.length]).hashCode();
		}
		double[] roundUs = new double[rounds];
		for (int r = 0; r < rounds; r++) {
			long roundStart = System.nanoTime();
			for (int i = 0; i < perRound; i++) {
				sink += decide(decisions, actor, org, everyone[i % everyone.length]).hashCode();
			}
			roundUs[r] = (System.nanoTime() - roundStart) / 1e3 / perRound;
		}
		double[] sortedRounds = roundUs.clone();
		Arrays.sort(sortedRounds);
		double decisionUs = sortedRounds[rounds / 2];
		log("decision with warm caches: median %.3f us (best %.3f, worst %.3f) over %d rounds of %,d", decisionUs,
				sortedRounds[0], sortedRounds[rounds - 1], rounds, perRound);

		// 3. A decision right after a care-team change (cache dropped, relationships read from PostgreSQL)
		ActorRef by = ActorRef.system("identity-bench");
		ClientId moving = unrelated.get(0);
		for (int i = 0; i < 10; i++) { // warm-up of the change and reload paths
			careTeams.assignClient(by, org, ownTeam, moving);
			check(decide(decisions, actor, org, moving) instanceof Permit, "no permit after assignClient");
			careTeams.unassignClient(by, org, ownTeam, moving);
			check(decide(decisions, actor, org, moving) instanceof Deny, "still a permit after unassignClient");
		}
		double[] afterChangeUs = new double[2 * changes];
		for (int i = 0; i < changes; i++) {
			careTeams.assignClient(by, org, ownTeam, moving);
			long decisionStart = System.nanoTime();
			AccessDecision afterAssign = decide(decisions, actor, org, moving);
			afterChangeUs[2 * i] = (System.nanoTime() - decisionStart) / 1e3;
			check(afterAssign instanceof Permit permit && permit.basis() == Relationship.CARE_TEAM,
					"the decision did not flip from Deny to Permit after CareTeams.assignClient: " + afterAssign);
			careTeams.unassignClient(by, org, ownTeam, moving);
			decisionStart = System.nanoTime();
			AccessDecision afterUnassign = decide(decisions, actor, org, moving);
			afterChangeUs[2 * i + 1] = (System.nanoTime() - decisionStart) / 1e3;
			check(afterUnassign instanceof Deny,
					"the decision did not flip back to Deny after CareTeams.unassignClient: " + afterUnassign);
		}
		Arrays.sort(afterChangeUs);
		double afterChangeUsMedian = afterChangeUs[afterChangeUs.length / 2];
		double afterChangeP99 = afterChangeUs[(int) Math.ceil(afterChangeUs.length * 0.99) - 1];
		log("decision right after a care-team change: median %.1f us, p99 %.1f us over %d changes; "
				+ "Deny -> Permit -> Deny each time", afterChangeUsMedian, afterChangeP99, afterChangeUs.length);
		log("targets: password check <= 500 ms: %s; decision <= 50 us: %s (sink %d)",
				passwordMs <= 500 ? "met" : "MISSED", decisionUs <= 50 ? "met" : "MISSED", sink & 1);

		System.out.println(String.format(Locale.ROOT,
				"identity: password_check_ms=%.1f decision_us=%.2f decision_after_change_us=%.0f "
						+ "decision_after_change_p99_us=%.0f miss_to_hit_ratio=%.0f",
				passwordMs, decisionUs, afterChangeUsMedian, afterChangeP99, afterChangeUsMedian / decisionUs));
		System.out.flush();
	}

	static void quietLogging() {
		if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
			context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

	static AccessDecision decide(AccessDecisions decisions, Actor actor, OrgId org, ClientId client) {
		return decisions.decide(actor, org, client, DataCategory.GENERAL, Purpose.TREATMENT);
	}

	static String demoPassword(TestServer server, String email) throws Exception {
		JsonNode people = JsonMapper.builder().build().readTree(Files.readString(server.dataDir().resolve("demo-credentials.json")));
		for (JsonNode person : people) {
			if (email.equals(person.path("username").asText())) {
				return person.path("password").asText();
			}
		}
		throw new IllegalStateException("no demo credentials for " + email);
	}

	static void check(boolean condition, String failure) {
		if (!condition) {
			throw new IllegalStateException("identity benchmark: " + failure);
		}
	}

	static void log(String format, Object... args) {
		System.err.println("bench: " + String.format(Locale.ROOT, format, args));
	}

}
