package health.haven.identity.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.shared.Purpose;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Spring's passkey store, with enrolment audited: the first save of a credential is a registration, made by the
 * signed-in person (MFA_ENROLLED, factor passkey); later saves only move its signature counter and last use.
 */
final class PasskeyCredentials implements UserCredentialRepository {

	private final UserCredentialRepository store;

	private final AuditTrail audit;

	PasskeyCredentials(UserCredentialRepository store, AuditTrail audit) {
		this.store = store;
		this.audit = audit;
	}

	@Override
	public void save(CredentialRecord record) {
		boolean registration = store.findByCredentialId(record.getCredentialId()) == null;
		store.save(record);
		if (registration) {
			Actor actor = CurrentActor.require();
			audit.record(AuditEntry.of(actor.ref(), AuditAction.MFA_ENROLLED, Purpose.OPERATIONS)
				.org(actor.org())
				.resource("user_account", actor.user().toString())
				.detail("factor", "passkey")
				.build());
		}
	}

	@Override
	public void delete(Bytes credentialId) {
		store.delete(credentialId);
	}

	@Override
	public @Nullable CredentialRecord findByCredentialId(Bytes credentialId) {
		return store.findByCredentialId(credentialId);
	}

	@Override
	public List<CredentialRecord> findByUserId(Bytes userId) {
		return store.findByUserId(userId);
	}

}
