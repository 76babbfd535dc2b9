package health.haven.operations;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.crypto.KeyManagement;
import health.haven.crypto.ShredReceipt;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import org.springframework.stereotype.Service;

/**
 * Crypto-shredding of one client, audited: destroying the client's data key makes every value sealed for them
 * unreadable, in the database and in every backup. HIPAA retention comes first, so this is for expired retention or
 * data taken in by mistake, never routine deletion; callers decide that, and must also clear the client's blind
 * indexes (crypto cannot reach other modules' tables).
 *
 * <p>The request is durable in the audit trail before the key is destroyed, and the outcome after it, so a
 * destruction can never happen unrecorded.
 */
@Service
public class CryptoShredding {

	private final KeyManagement keys;

	private final AuditTrail audit;

	CryptoShredding(KeyManagement keys, AuditTrail audit) {
		this.keys = keys;
		this.audit = audit;
	}

	public ShredReceipt shred(ActorRef actor, OrgId org, ClientId client, String reasonCode) {
		audit.recordBeforeRead(entry(actor, org, client, reasonCode).detail("phase", "requested").build());
		try {
			ShredReceipt receipt = keys.shredClient(org, client);
			audit.recordBeforeRead(entry(actor, org, client, reasonCode).detail("phase", "destroyed")
				.detail("hadKey", String.valueOf(receipt.hadKey()))
				.build());
			return receipt;
		}
		catch (HavenException ex) {
			audit.recordBeforeRead(entry(actor, org, client, reasonCode).outcome(AuditOutcome.ERROR)
				.detail("phase", "failed")
				.detail("code", ex.code())
				.build());
			throw ex;
		}
	}

	private static AuditEntry.Builder entry(ActorRef actor, OrgId org, ClientId client, String reasonCode) {
		return AuditEntry.of(actor, AuditAction.KEY_DESTROYED, Purpose.COMPLIANCE)
			.org(org)
			.client(client)
			.resource("client_data_key", client.toString())
			.detail("reason", reasonCode);
	}

}
