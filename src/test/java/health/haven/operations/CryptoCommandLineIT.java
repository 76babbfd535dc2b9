package health.haven.operations;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.HavenApplication;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyManagement;
import health.haven.crypto.KeyScope;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.support.TestServer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code haven keys rotate} next to a running Haven, which keeps serving and notices the rotation. */
class CryptoCommandLineIT {

	final TestServer haven = TestServer.get();

	final FieldCipher cipher = haven.bean(FieldCipher.class);

	final JdbcClient db = haven.bean(JdbcClient.class);

	int keys(String... args) {
		Map<String, String> env = new HashMap<>(System.getenv());
		env.put("HAVEN_DATA_DIR", haven.dataDir().toString());
		String[] command = new String[args.length + 1];
		command[0] = "keys";
		System.arraycopy(args, 0, command, 1, args.length);
		return HavenCommandLine.execute(HavenApplication.class, command, env);
	}

	@Test
	void usageErrorsExitWithTwo() {
		assertThat(keys()).isEqualTo(2);
		assertThat(keys("rotate")).isEqualTo(2);
		assertThat(keys("rotate", "--org", "not-a-uuid")).isEqualTo(2);
		assertThat(keys("rotate", "--sideways")).isEqualTo(2);
	}

	@Test
	void anUnknownOrganizationFailsWithOneAndTheFailureIsAudited() {
		UUID unknown = UUID.randomUUID();
		assertThat(keys("rotate", "--org", unknown.toString())).isEqualTo(1);
		assertThat(auditedRotations("org_key", unknown.toString(), "ERROR")).isEqualTo(1);
	}

	@Test
	void rotatingOnlineKeepsTheRunningApplicationReadingAndSealing() {
		OrgId org = OrgId.random();
		KeyScope client = KeyScope.client(org, ClientId.random());
		FieldRef field = FieldRef.of("records.client", "name", UUID.randomUUID());
		byte[] before = cipher.sealText(client, field, "before");
		long generation = db.sql("SELECT generation FROM crypto.key_generation").query(Long.class).single();

		assertThat(keys("rotate", "--master", "--org", org.toString(), "--reencrypt")).isZero();
		assertThat(auditedRotations("org_key", org.toString(), "ALLOWED")).as("durable before the command returns")
			.isEqualTo(1);
		assertThat(db.sql("SELECT count(*) FROM audit.entry WHERE action = 'KEY_ROTATED' AND resource_type = 'master_key'")
			.query(Long.class)
			.single()).isPositive();

		assertThat(db.sql("SELECT generation FROM crypto.key_generation").query(Long.class).single())
			.isGreaterThan(generation);
		assertThat(cipher.openText(client, field, before)).isEqualTo("before"); // stale caches still read
		haven.bean(KeyManagement.class).clearCache(); // as the generation poll does within seconds
		assertThat(cipher.openText(client, field, before)).isEqualTo("before");
		byte[] after = cipher.sealText(client, field, "after");
		assertThat(cipher.openText(client, field, after)).isEqualTo("after");
		assertThat(db.sql("SELECT count(*) FROM crypto.reencryption_job WHERE org_id = ? AND finished_at IS NULL")
			.param(org.value())
			.query(Long.class)
			.single()).isEqualTo(1L);
	}

	private long auditedRotations(String resourceType, String resourceId, String outcome) {
		return db.sql("""
				SELECT count(*) FROM audit.entry
				WHERE action = 'KEY_ROTATED' AND resource_type = ? AND resource_id = ? AND outcome = ?
				  AND actor_role = 'system:keys-rotate'""")
			.params(resourceType, resourceId, outcome)
			.query(Long.class)
			.single();
	}

}
