package health.haven.consent;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.identity.CareTeams;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The consents a client signs (telehealth informed consent, TH-CON-01; the group confidentiality agreement): the
 * client reads the current version of a text and signs it with their typed full name and a tick, and the signature
 * records the text's version and SHA-256. The typed name is sealed under the client's key; nothing else in a
 * signature identifies anyone. Only the client signs, for themself; the client and the staff in their care see whether
 * and what they signed (never the typed name).
 */
@Service
public class ClientConsents {

	static final String TABLE = "consent.consent_signature";

	static final int LONGEST_NAME = 200;

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AuditTrail audit;

	private final ConsentTexts texts;

	private final TelehealthCircle circle;

	private final CareTeams careTeams;

	ClientConsents(JdbcClient db, TenantWork work, FieldCipher cipher, AuditTrail audit, ConsentTexts texts,
			TelehealthCircle circle, CareTeams careTeams) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.audit = audit;
		this.texts = texts;
		this.circle = circle;
		this.careTeams = careTeams;
	}

	/** The client record a client's own account is linked to; empty for staff (and unlinked accounts). */
	public Optional<ClientId> self(Actor actor) {
		return circle.self(actor, careTeams);
	}

	/**
	 * Signs the given version of a text for the client, who must be the actor. The version must be the current one
	 * (the text may have changed since the client opened it); the typed name must be there and the box ticked. The
	 * right to sign is decided before the input is looked at; nothing is written unless everything is acceptable.
	 *
	 * @return the signature's id
	 */
	public UUID sign(Actor actor, ClientId client, ConsentKind kind, int version, String typedName, boolean agreed) {
		circle.requireSelf(actor, client, AuditAction.CREATE, "consent_signature");
		if (kind == null) {
			throw refused(actor, client, "CONSENT_KIND_UNKNOWN", Kind.BAD_REQUEST, "kind: no such consent", null);
		}
		ConsentText current = texts.current(kind);
		if (version < 1 || texts.version(kind, version).isEmpty()) {
			throw refused(actor, client, "CONSENT_VERSION_MISSING", Kind.BAD_REQUEST,
					"version: say which version of the text you read", kind);
		}
		if (version != current.version()) {
			throw refused(actor, client, "CONSENT_TEXT_OUTDATED", Kind.CONFLICT,
					"version: the text has changed since you opened it; read the current version and sign that", kind);
		}
		String name = typedName == null ? "" : typedName.strip();
		if (name.length() < 2 || name.length() > LONGEST_NAME) {
			throw refused(actor, client, "CONSENT_TYPED_NAME_MISSING", Kind.BAD_REQUEST,
					"typedName: type your full name to sign (2 to " + LONGEST_NAME + " characters)", kind);
		}
		if (!agreed) {
			throw refused(actor, client, "CONSENT_NOT_AGREED", Kind.BAD_REQUEST,
					"agreed: tick the box to confirm that you have read the text and agree to it", kind);
		}
		UUID id = UUID.randomUUID();
		byte[] sealed = cipher.sealText(KeyScope.client(actor.org(), client), FieldRef.of(TABLE, "typed_name", id),
				name);
		try {
			work.inTransaction(actor.org(), () -> {
				db.sql("""
						INSERT INTO consent.consent_signature (id, org_id, client_id, kind, text_version, content_sha256,
						typed_name, agreed, signed_by) VALUES (?, ?, ?, ?, ?, ?, ?, true, ?)""")
					.params(id, actor.org().value(), client.value(), kind.name(), current.version(), current.sha256(),
							sealed, actor.user().value())
					.update();
				audit.record(AuditEntry.of(actor.ref(), AuditAction.CREATE, Purpose.PATIENT_REQUEST)
					.org(actor.org())
					.client(client)
					.resource("consent_signature", id.toString())
					.detail("kind", kind.name())
					.detail("version", String.valueOf(current.version()))
					.detail("sha256", current.sha256())
					.build());
			});
		}
		catch (DuplicateKeyException ex) {
			throw refused(actor, client, "CONSENT_ALREADY_SIGNED", Kind.CONFLICT,
					"you have already signed this version of the text", kind);
		}
		return id;
	}

	/** Whether the client has signed the current version of the text (for gates in other modules; no data leaves). */
	public boolean hasSignedCurrent(OrgId org, ClientId client, ConsentKind kind) {
		ConsentText current = texts.current(kind);
		return work.reading(org, () -> db.sql("""
				SELECT count(*) FROM consent.consent_signature
				WHERE client_id = ? AND kind = ? AND text_version = ? AND content_sha256 = ?""")
			.params(client.value(), kind.name(), current.version(), current.sha256())
			.query(Long.class)
			.single() > 0);
	}

	/** The client's signatures, newest first, for the client and the staff in their care (decided and audited). */
	public List<ConsentSignature> signatures(Actor viewer, ClientId client) {
		circle.requireCare(viewer, client, AuditAction.READ, "consent_signature");
		return work.reading(viewer.org(), () -> db.sql("""
				SELECT id, kind, text_version, content_sha256, signed_at FROM consent.consent_signature
				WHERE client_id = ? ORDER BY signed_at DESC, id""")
			.param(client.value())
			.query((rows, n) -> {
				ConsentKind kind = ConsentKind.valueOf(rows.getString(2));
				ConsentText current = texts.current(kind);
				int version = rows.getInt(3);
				String sha = rows.getString(4);
				return new ConsentSignature(rows.getObject(1, UUID.class), kind, version, sha,
						rows.getTimestamp(5).toInstant(), version == current.version() && sha.equals(current.sha256()));
			})
			.list());
	}

	private HavenException refused(Actor actor, ClientId client, String code, Kind kind, String explanation,
			ConsentKind consent) {
		AuditEntry.Builder entry = AuditEntry.of(actor.ref(), AuditAction.CREATE, Purpose.PATIENT_REQUEST)
			.org(actor.org())
			.client(client)
			.resource("consent_signature", client.toString())
			.outcome(AuditOutcome.DENIED)
			.detail("reason", code);
		if (consent != null) {
			entry.detail("kind", consent.name());
		}
		audit.recordRefusal(entry.build());
		return new HavenException(code, kind, explanation);
	}

}
