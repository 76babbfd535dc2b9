package health.haven.audit;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.Covers;
import health.haven.audit.internal.ChainHash;
import health.haven.audit.internal.ChainRow;
import health.haven.audit.internal.ChainWriter;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of tampering with the chain is found and named by its first bad sequence number; a clean chain verifies.
 * Each test works on its own throw-away database, as a superuser who has disabled the append-only triggers.
 */
@Covers("SEC-AU-01")
class AuditChainTamperIT {

	static final int ENTRIES = 250;

	AuditSandbox sandbox;

	@BeforeEach
	void chainOf250Entries() throws Exception {
		sandbox = AuditSandbox.create();
		ChainWriter writer = sandbox.writer(100);
		for (int i = 0; i < ENTRIES; i++) {
			writer.appendDurably(UUID.randomUUID(), AuditFixtures.anyEntry(i));
		}
		writer.close();
	}

	@AfterEach
	void dropSandbox() throws Exception {
		if (sandbox != null) {
			sandbox.close();
		}
	}

	@Test
	void aCleanChainVerifies() {
		AuditVerification.Result result = sandbox.verify();
		assertThat(result.ok()).as(result.explanation()).isTrue();
		assertThat(result.entries()).isEqualTo(ENTRIES);
		assertThat(result.checkpoints()).as("at the first entry, then every 100").isEqualTo(3);
	}

	@Test
	void aModifiedRowIsFound() throws Exception {
		sandbox.tamper("UPDATE audit.entry SET purpose = 'LEGAL' WHERE seq = 120");
		assertFailure("MODIFIED", 120);
	}

	@Test
	void aDeletedRowIsFound() throws Exception {
		sandbox.tamper("DELETE FROM audit.entry WHERE seq = 77");
		assertFailure("MISSING", 77);
	}

	@Test
	void aDeletedAndRenumberedRowIsFound() throws Exception {
		sandbox.tamper("DELETE FROM audit.entry WHERE seq = 77",
				"UPDATE audit.entry SET seq = seq + 1000000 WHERE seq > 77",
				"UPDATE audit.entry SET seq = seq - 1000001 WHERE seq > 1000000");
		assertFailure("BROKEN_LINK", 77);
	}

	@Test
	void anInsertedRowWithAWellFormedHashIsFound() throws Exception {
		// The forger computes a correct hash for the new row; its successor no longer points to its predecessor.
		byte[] prev = hashOf(59);
		ChainRow copied = rowOf(59);
		ChainRow forged = new ChainRow(UUID.randomUUID().toString(), copied.org(), copied.micros(), copied.actorUser(),
				copied.actorRole(), copied.actorSession(), copied.sourceAddress(), copied.action(), copied.client(),
				copied.resourceType(), copied.resourceId(), copied.purpose(), copied.outcome(), copied.details());
		byte[] hash = new ChainHash().hash(prev, 60, forged);
		sandbox.tamper("UPDATE audit.entry SET seq = seq + 1000000 WHERE seq >= 60",
				"UPDATE audit.entry SET seq = seq - 999999 WHERE seq > 1000000",
				"INSERT INTO audit.entry SELECT 60, '" + forged.entryId() + "', org_id, occurred_at, actor_user, "
						+ "actor_role, actor_session, source_address, action, client_id, resource_type, resource_id, "
						+ "purpose, outcome, details, '\\x" + ChainHash.hex(prev) + "', '\\x" + ChainHash.hex(hash)
						+ "' FROM audit.entry WHERE seq = 59");
		// Row 60 itself is well formed; the break shows at the row it pushed aside.
		assertFailure("BROKEN_LINK", 61);
	}

	@Test
	void anInsertedRowAtTheEndWithABadHashIsFound() throws Exception {
		sandbox.tamper("INSERT INTO audit.entry SELECT 251, gen_random_uuid(), org_id, occurred_at, actor_user, "
				+ "actor_role, actor_session, source_address, action, client_id, resource_type, resource_id, purpose, "
				+ "outcome, details, hash, sha256(hash) FROM audit.entry WHERE seq = 250");
		assertFailure("MODIFIED", 251);
	}

	@Test
	void reorderedRowsAreFound() throws Exception {
		sandbox.tamper("UPDATE audit.entry SET seq = 1000000 WHERE seq = 30",
				"UPDATE audit.entry SET seq = 30 WHERE seq = 31", "UPDATE audit.entry SET seq = 31 WHERE seq = 1000000");
		assertFailure("BROKEN_LINK", 30);
	}

	@Test
	void aConsistentRewriteOfTheWholeChainDisagreesWithTheSignedCheckpoints() throws Exception {
		sandbox.tamper("UPDATE audit.entry SET outcome = 'DENIED' WHERE seq = 150");
		rehashEverything();
		assertFailure("CHECKPOINT_MISMATCH", 102);
	}

	@Test
	void removedTailEntriesAreFoundByTheCheckpoint() throws Exception {
		sandbox.tamper("DELETE FROM audit.entry WHERE seq > 180");
		assertFailure("TRUNCATED", 181);
	}

	@Test
	void aForgedCheckpointIsFound() throws Exception {
		List<String> lines = Files.readAllLines(sandbox.checkpointDir().resolve("checkpoints.log"));
		String second = lines.get(1);
		assertThat(second).startsWith("101 ");
		Files.writeString(sandbox.checkpointDir().resolve("checkpoints.log"), second.replaceFirst("^101 ", "99 ") + "\n",
				StandardOpenOption.APPEND);
		assertFailure("CHECKPOINT_SIGNATURE", 99);
	}

	private void assertFailure(String problem, long firstBadSeq) {
		AuditVerification.Result result = sandbox.verify();
		assertThat(result.ok()).isFalse();
		assertThat(result.problem()).as(result.explanation()).contains(problem);
		assertThat(result.firstBadSeq()).contains(firstBadSeq);
		assertThat(result.explanation()).contains(Long.toString(firstBadSeq));
	}

	private ChainRow rowOf(long seq) throws Exception {
		try (Connection db = sandbox.superuser.getConnection(); PreparedStatement select = db
			.prepareStatement("SELECT " + ChainRow.COLUMNS + " FROM audit.entry WHERE seq = ?")) {
			select.setLong(1, seq);
			try (ResultSet rs = select.executeQuery()) {
				rs.next();
				return ChainRow.of(rs, 1);
			}
		}
	}

	private byte[] hashOf(long seq) throws Exception {
		try (Connection db = sandbox.superuser.getConnection();
				PreparedStatement select = db.prepareStatement("SELECT hash FROM audit.entry WHERE seq = ?")) {
			select.setLong(1, seq);
			try (ResultSet rs = select.executeQuery()) {
				rs.next();
				return rs.getBytes(1);
			}
		}
	}

	/** What an attacker with the whole database would do: recompute every hash so the chain is valid again. */
	private void rehashEverything() throws Exception {
		List<String> updates = new ArrayList<>();
		try (Connection db = sandbox.superuser.getConnection();
				PreparedStatement select = db
					.prepareStatement("SELECT seq, " + ChainRow.COLUMNS + " FROM audit.entry ORDER BY seq");
				ResultSet rs = select.executeQuery()) {
			ChainHash hasher = new ChainHash();
			byte[] prev = ChainHash.GENESIS;
			while (rs.next()) {
				byte[] hash = hasher.hash(prev, rs.getLong(1), ChainRow.of(rs, 2));
				updates.add("UPDATE audit.entry SET prev_hash = '\\x" + ChainHash.hex(prev) + "', hash = '\\x"
						+ ChainHash.hex(hash) + "' WHERE seq = " + rs.getLong(1));
				prev = hash;
			}
		}
		sandbox.tamper(updates.toArray(String[]::new));
	}

}
