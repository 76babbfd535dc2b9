package health.haven.crypto;

import health.haven.crypto.internal.Keyring;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.StringJoiner;

/**
 * Keyed blind indexes for equality search over sealed values: HMAC-SHA256 under a key of its own per column and
 * organization (never the encryption key), over normalized input. Store the result in a {@code bytea} column with a
 * btree index and search with {@code WHERE email_bidx = ?}.
 *
 * <p>Blind indexes survive crypto-shredding (the HMAC key is per column, not per client): whoever shreds a client
 * must also set that client's index columns to {@code NULL}.
 */
public class BlindIndex {

	private final Keyring keyring;

	public BlindIndex(Keyring keyring) {
		this.keyring = keyring;
	}

	/** The key owner of indexes that must work before anyone knows the organization (sign-in by e-mail). */
	static final OrgId ACROSS_ORGANIZATIONS = new OrgId(new java.util.UUID(0L, 0L));

	/**
	 * An index under one deployment-wide key rather than an organization's, for the few lookups that must find a
	 * row in any organization: the e-mail typed at sign-in. Use sparingly: it links values across tenants.
	 */
	public byte[] acrossOrganizations(IndexedColumn column, String... parts) {
		return of(ACROSS_ORGANIZATIONS, column, parts);
	}

	/**
	 * The index of one value, or of several parts searched together (name and date of birth); {@code null} if any
	 * part is {@code null}.
	 */
	public byte[] of(OrgId org, IndexedColumn column, String... parts) {
		StringJoiner joined = new StringJoiner("\u001f");
		for (String part : parts) {
			if (part == null) {
				return null;
			}
			joined.add(column.normalization().apply(part));
		}
		try {
			return keyring.indexKey(org, column.keyName())
				.computePrimary(joined.toString().getBytes(StandardCharsets.UTF_8), column.bytes());
		}
		catch (GeneralSecurityException ex) {
			throw new HavenException("CRYPTO_INDEX_FAILED", Kind.INTERNAL, "a blind index could not be computed", ex);
		}
	}

}
