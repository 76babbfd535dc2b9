package health.haven.crypto;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a sealed value lives: its table, column and row. Bound into the ciphertext as associated data, so a value
 * copied into another row or column does not open.
 *
 * @param table the schema-qualified table, e.g. {@code records.progress_note}
 * @param column the column, e.g. {@code body}
 * @param row the row's id as text (its primary key; a UUID in most tables)
 */
public record FieldRef(String table, String column, String row) {

	// Compiled once: a reference is made for every value sealed or opened, and String.matches compiles anew each time.
	private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

	private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");

	public FieldRef {
		if (table == null || !TABLE.matcher(table).matches() || column == null || !COLUMN.matcher(column).matches()) {
			throw new IllegalArgumentException("a field reference needs lowercase SQL names for table and column");
		}
		// The row id is data-free (a key), but it must not contain the separator used in the associated data.
		Objects.requireNonNull(row, "row");
		if (row.isEmpty() || row.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("a field reference needs a row id");
		}
	}

	public static FieldRef of(String table, String column, UUID row) {
		return new FieldRef(table, column, row.toString());
	}

}
