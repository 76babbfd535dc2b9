package health.haven.crypto.internal;

import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.shared.OrgId;
import java.nio.charset.StandardCharsets;

/**
 * The associated data that binds each ciphertext and each wrapped key to where it belongs. Parts are separated by NUL,
 * which no part may contain (FieldRef and KeyScope check their names), so two different places never share a binding.
 */
public final class Bindings {

	private Bindings() {
	}

	static String orgKey(OrgId org) {
		return "haven/org-key/v1\0" + org;
	}

	static String dataKey(OrgId org, String name) {
		return "haven/data-key/v1\0" + org + "\0" + name;
	}

	static String indexKey(OrgId org, String column) {
		return "haven/index-key/v1\0" + org + "\0" + column;
	}

	/** Field associated data: the key it is sealed under, and its table, column and row. */
	public static byte[] field(KeyScope scope, FieldRef field) {
		return ("haven/field/v1\0" + scope.org() + "\0" + scope.name() + "\0" + field.table() + "\0" + field.column()
				+ "\0" + field.row()).getBytes(StandardCharsets.UTF_8);
	}

}
