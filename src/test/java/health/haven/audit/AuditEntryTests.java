package health.haven.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.audit.internal.ChainHash;
import health.haven.audit.internal.ChainRow;
import health.haven.shared.ClientId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@Covers("SEC-AU-01")
class AuditEntryTests {

	final UserId user = UserId.random();

	@Test
	void freeTextInDetailsIsRefusedWithoutQuotingIt() {
		assertThatThrownBy(() -> AuditEntry.of(AuditFixtures.clinician(user), AuditAction.READ, Purpose.TREATMENT)
			.detail("query", "Jane Doe, DOB 1980-01-01")
			.build()).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Jane");
	}

	@Test
	void anEmailAddressIsRefused() {
		assertThatThrownBy(() -> AuditEntry.of(AuditFixtures.clinician(user), AuditAction.DISCLOSE, Purpose.LEGAL)
			.detail("recipient", "jane.doe@example.com")
			.build()).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("jane");
	}

	@Test
	void idsAndCodesAreAcceptedAndSortedByKey() {
		AuditEntry entry = AuditEntry.of(AuditFixtures.clinician(user), AuditAction.READ, Purpose.TREATMENT)
			.detail("z", "1")
			.detail("a", "org:court-17")
			.build();
		assertThat(entry.sortedDetails().firstKey()).isEqualTo("a");
	}

	@Test
	void timeIsKeptToTheMicrosecondAsPostgresqlStoresIt() {
		AuditEntry entry = AuditEntry.of(AuditFixtures.clinician(user), AuditAction.READ, Purpose.TREATMENT)
			.at(Instant.parse("2026-01-01T00:00:00.123456789Z"))
			.build();
		assertThat(entry.occurredAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
	}

	@Test
	void theStoredFormRoundTrips() {
		AuditEntry entry = AuditFixtures.aRead(user, ClientId.random());
		assertThat(ChainRow.of(UUID.randomUUID(), entry).toEntry()).isEqualTo(entry);
	}

	@Test
	void theHashCoversEveryFieldTheSequenceNumberAndThePredecessor() {
		ChainRow row = ChainRow.of(UUID.randomUUID(), AuditFixtures.aRead(user, ClientId.random()));
		ChainHash hasher = new ChainHash();
		byte[] hash = hasher.hash(ChainHash.GENESIS, 1, row);
		assertThat(hasher.hash(ChainHash.GENESIS, 1, row)).isEqualTo(hash);
		assertThat(hasher.hash(ChainHash.GENESIS, 2, row)).isNotEqualTo(hash);
		assertThat(hasher.hash(hash, 1, row)).isNotEqualTo(hash);
		ChainRow shifted = new ChainRow(row.entryId(), row.org(), row.micros(), row.actorUser(), row.actorRole(),
				row.actorSession(), row.sourceAddress(), row.action(), row.client(), row.resourceType() + row.resourceId(),
				"", row.purpose(), row.outcome(), row.details());
		assertThat(hasher.hash(ChainHash.GENESIS, 1, shifted)).as("length prefixes keep fields apart")
			.isNotEqualTo(hash);
	}

}
