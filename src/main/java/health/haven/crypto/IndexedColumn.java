package health.haven.crypto;

/**
 * A column that holds a blind index: which key (one per column and organization) and how values are normalized and
 * truncated. Declare each one once as a constant next to the table that has it.
 *
 * @param table schema-qualified table, e.g. {@code records.client}
 * @param column the blind-index column, e.g. {@code email_bidx}
 * @param normalization applied to each part before hashing
 * @param bytes output length: 16 or more for unique lookups (e-mail); 2 to 4 for low-cardinality fields, where
 * deliberate collisions limit what the index reveals and the caller filters the candidates after opening them
 */
public record IndexedColumn(String table, String column, Normalization normalization, int bytes) {

	public IndexedColumn {
		new FieldRef(table, column, "-"); // the same naming rules as sealed fields
		if (normalization == null || bytes < 2 || bytes > 32) {
			throw new IllegalArgumentException("a blind index needs a normalization and 2 to 32 bytes");
		}
	}

	/** A full-length (128-bit) index for values that identify one person, such as an e-mail address. */
	public static IndexedColumn unique(String table, String column, Normalization normalization) {
		return new IndexedColumn(table, column, normalization, 16);
	}

	String keyName() {
		return table + "." + column;
	}

}
