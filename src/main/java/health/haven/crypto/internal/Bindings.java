package health.haven.crypto.internal;

import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.shared.OrgId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

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

	private static final byte[] FIELD_PREFIX = "haven/field/v1\0".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Field associated data: the key it is sealed under, and its table, column and row. Ids go in as their 16 raw
	 * bytes rather than as text: this runs twice per field read and write, and formatting UUIDs was most of Haven's
	 * overhead over a bare AEAD call (bench/crypto.sh). Fixed-length parts need no separator.
	 */
	public static byte[] field(KeyScope scope, FieldRef field) {
		byte[] purpose = scope instanceof KeyScope.PurposeKey p ? p.purpose().getBytes(StandardCharsets.US_ASCII) : null;
		String table = field.table();
		String column = field.column();
		byte[] row = field.row().getBytes(StandardCharsets.UTF_8);
		int length = FIELD_PREFIX.length + 16 + 1 + (purpose == null ? 16 : purpose.length + 1) + table.length() + 1
				+ column.length() + 1 + row.length;
		ByteBuffer out = ByteBuffer.allocate(length);
		out.put(FIELD_PREFIX);
		putUuid(out, scope.org().value());
		if (purpose == null) {
			out.put((byte) 'c');
			putUuid(out, ((KeyScope.ClientKey) scope).client().value());
		}
		else {
			out.put((byte) 'p').put(purpose).put((byte) 0);
		}
		out.put(table.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
		out.put(column.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
		out.put(row);
		return out.array();
	}

	private static void putUuid(ByteBuffer out, UUID id) {
		out.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
	}

}
