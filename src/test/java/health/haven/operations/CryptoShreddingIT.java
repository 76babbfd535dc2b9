package health.haven.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.haven.Covers;
import health.haven.audit.AuditAction;
import health.haven.audit.AuditPageRequest;
import health.haven.audit.AuditQueries;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.support.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CryptoShreddingIT {

	final TestServer haven = TestServer.get();

	final FieldCipher cipher = haven.bean(FieldCipher.class);

	@Test
	@Covers({ "SEC-AC-04", "SEC-AU-01" })
	void shreddingMakesTheClientsValuesUnreadableAndIsAuditedBeforeAndAfter() {
		OrgId org = OrgId.random();
		ClientId client = ClientId.random();
		ClientId neighbour = ClientId.random();
		FieldRef field = FieldRef.of("records.client", "name", UUID.randomUUID());
		byte[] sealed = cipher.sealText(KeyScope.client(org, client), field, "Client Name");
		byte[] other = cipher.sealText(KeyScope.client(org, neighbour), field, "Other Name");
		ActorRef officer = ActorRef.user(org, UserId.random(), "COMPLIANCE_OFFICER", "s-1", "127.0.0.1");

		haven.bean(CryptoShredding.class).shred(officer, org, client, "mistaken-intake");

		assertThatThrownBy(() -> cipher.openText(KeyScope.client(org, client), field, sealed))
			.isInstanceOf(HavenException.class)
			.extracting(ex -> ((HavenException) ex).code())
			.isEqualTo("CRYPTO_KEY_DESTROYED");
		assertThat(cipher.openText(KeyScope.client(org, neighbour), field, other)).isEqualTo("Other Name");
		var entries = haven.bean(AuditQueries.class)
			.accessesToClient(org, client, Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plusSeconds(60),
					AuditPageRequest.first(50))
			.entries();
		assertThat(entries).filteredOn(e -> e.entry().action() == AuditAction.KEY_DESTROYED)
			.extracting(e -> e.entry().details().get("phase"))
			.containsExactlyInAnyOrder("requested", "destroyed");
	}

}
