package health.haven.crypto;

import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import java.util.Objects;

/**
 * Which data key seals a value: the client's own key (so that shredding it removes exactly that client's data), or a
 * per-organization key for a purpose that belongs to no client (TOTP seeds, message bodies between staff).
 */
public sealed interface KeyScope {

	OrgId org();

	/** A stable name of the key within its organization, stored with the wrapped key and bound into every seal. */
	String name();

	static ClientKey client(OrgId org, ClientId client) {
		return new ClientKey(org, client);
	}

	static PurposeKey purpose(OrgId org, String purpose) {
		return new PurposeKey(org, purpose);
	}

	record ClientKey(OrgId org, ClientId client) implements KeyScope {

		public ClientKey {
			Objects.requireNonNull(org, "org");
			Objects.requireNonNull(client, "client");
		}

		@Override
		public String name() {
			return "client:" + client.value();
		}

	}

	record PurposeKey(OrgId org, String purpose) implements KeyScope {

		public PurposeKey {
			Objects.requireNonNull(org, "org");
			if (purpose == null || !purpose.matches("[a-z][a-z0-9_.-]{0,62}")) {
				throw new IllegalArgumentException("a key purpose is a lowercase name such as 'totp' or 'messaging'");
			}
		}

		@Override
		public String name() {
			return "purpose:" + purpose;
		}

	}

}
