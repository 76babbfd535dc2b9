package health.haven.identity.internal;

import health.haven.crypto.BlindIndex;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.IndexedColumn;
import health.haven.crypto.KeyScope;
import health.haven.crypto.Normalization;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import org.springframework.stereotype.Component;

/**
 * How an account's e-mail address and display name are kept: sealed under the organization's {@code accounts} key,
 * bound to the account's row, and the e-mail findable at sign-in through a keyed blind index under a deployment-wide
 * key (sign-in does not know the organization yet). For a client, both values say who is in treatment.
 */
@Component
public class AccountIdentity {

	static final IndexedColumn SIGN_IN_EMAIL = IndexedColumn.unique("identity.sign_in_name", "email_index",
			Normalization.EMAIL);

	private final FieldCipher cipher;

	private final BlindIndex index;

	AccountIdentity(FieldCipher cipher, BlindIndex index) {
		this.cipher = cipher;
		this.index = index;
	}

	public byte[] emailIndex(String email) {
		return index.acrossOrganizations(SIGN_IN_EMAIL, email);
	}

	public byte[] sealEmail(OrgId org, UserId user, String email) {
		return cipher.sealText(scope(org), field("email", user), email);
	}

	public String openEmail(OrgId org, UserId user, byte[] sealed) {
		return sealed == null ? null : cipher.openText(scope(org), field("email", user), sealed);
	}

	public byte[] sealDisplayName(OrgId org, UserId user, String name) {
		return cipher.sealText(scope(org), field("display_name", user), name);
	}

	public String openDisplayName(OrgId org, UserId user, byte[] sealed) {
		return sealed == null ? null : cipher.openText(scope(org), field("display_name", user), sealed);
	}

	private static KeyScope scope(OrgId org) {
		return KeyScope.purpose(org, "accounts");
	}

	private static FieldRef field(String column, UserId user) {
		return FieldRef.of("identity.user_account", column, user.value());
	}

}
