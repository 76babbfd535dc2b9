package health.haven.crypto.internal;

import health.haven.shared.OrgId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * Wrapped keys in the {@code crypto} schema, through plain JDBC so that the same code serves the application (as the
 * application role) and the {@code haven keys} command (as the owner, without Spring).
 *
 * <p>Every method uses its own connection and commits by itself: a key created while a caller's transaction is open
 * must survive that transaction's rollback, because the key may already sit in this process's cache and seal values
 * elsewhere. Rotations work in batches of {@value #BATCH} rows, each batch one short transaction holding row locks,
 * so readers (who never lock) are not blocked and an interrupted rotation leaves every key readable.
 */
public final class JdbcKeyRecords implements KeyRecords {

	static final int BATCH = 1000;

	private final DataSource dataSource;

	public JdbcKeyRecords(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public long generation() {
		return query("SELECT generation FROM crypto.key_generation", List.of(), rs -> rs.getLong(1)).orElse(0L);
	}

	@Override
	public void bumpGeneration() {
		update("UPDATE crypto.key_generation SET generation = generation + 1", List.of());
	}

	@Override
	public Optional<WrappedKey> orgKey(OrgId org) {
		return query("SELECT wrapped_keyset, master_version, primary_key_id FROM crypto.org_key WHERE org_id = ?",
				List.of(org.value()), JdbcKeyRecords::wrapped);
	}

	@Override
	public List<OrgId> organizations() {
		return inTransaction(connection -> selectAll(connection, "SELECT org_id FROM crypto.org_key ORDER BY org_id",
				List.of(), rs -> new OrgId(rs.getObject(1, UUID.class))));
	}

	@Override
	public WrappedKey insertOrgKey(OrgId org, WrappedKey key) {
		update("INSERT INTO crypto.org_key (org_id, wrapped_keyset, master_version, primary_key_id) VALUES (?, ?, ?, ?)"
				+ " ON CONFLICT (org_id) DO NOTHING", List.of(org.value(), key.keyset(), key.wrappedBy(), key.primaryId()));
		return orgKey(org).orElseThrow();
	}

	@Override
	public Optional<WrappedKey> dataKey(OrgId org, String name) {
		return query("SELECT wrapped_keyset, kek_key_id, primary_key_id FROM crypto.data_key WHERE org_id = ? AND name = ?",
				List.of(org.value(), name), JdbcKeyRecords::wrapped);
	}

	@Override
	public WrappedKey insertDataKey(OrgId org, String name, UUID client, WrappedKey key) {
		List<Object> params = new ArrayList<>(List.of(org.value(), name));
		params.add(client);
		params.addAll(List.of(key.keyset(), key.wrappedBy(), key.primaryId()));
		update("INSERT INTO crypto.data_key (org_id, name, client_id, wrapped_keyset, kek_key_id, primary_key_id)"
				+ " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, name) DO NOTHING", params);
		return dataKey(org, name).orElseThrow();
	}

	@Override
	public Optional<WrappedKey> indexKey(OrgId org, String column) {
		return query("SELECT wrapped_keyset, kek_key_id, primary_key_id FROM crypto.index_key WHERE org_id = ? AND column_name = ?",
				List.of(org.value(), column), JdbcKeyRecords::wrapped);
	}

	@Override
	public WrappedKey insertIndexKey(OrgId org, String column, WrappedKey key) {
		update("INSERT INTO crypto.index_key (org_id, column_name, wrapped_keyset, kek_key_id, primary_key_id)"
				+ " VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, column_name) DO NOTHING",
				List.of(org.value(), column, key.keyset(), key.wrappedBy(), key.primaryId()));
		return indexKey(org, column).orElseThrow();
	}

	@Override
	public Optional<WrappedKey> updateOrgKey(OrgId org, BiFunction<String, WrappedKey, WrappedKey> change) {
		return inTransaction(connection -> {
			Optional<WrappedKey> current = select(connection,
					"SELECT wrapped_keyset, master_version, primary_key_id FROM crypto.org_key WHERE org_id = ? FOR UPDATE",
					List.of(org.value()), JdbcKeyRecords::wrapped);
			if (current.isEmpty()) {
				return Optional.empty();
			}
			WrappedKey replaced = change.apply(org.toString(), current.get());
			execute(connection, "UPDATE crypto.org_key SET wrapped_keyset = ?, master_version = ?, primary_key_id = ?,"
					+ " rotated_at = now() WHERE org_id = ?",
					List.of(replaced.keyset(), replaced.wrappedBy(), replaced.primaryId(), org.value()));
			return Optional.of(replaced);
		});
	}

	@Override
	public int updateOrgKeys(BiFunction<OrgId, WrappedKey, WrappedKey> change) {
		return batched("SELECT org_id::text, wrapped_keyset, master_version, primary_key_id FROM crypto.org_key"
				+ " WHERE org_id::text > ? ORDER BY org_id::text LIMIT " + BATCH + " FOR UPDATE", List.of(),
				"UPDATE crypto.org_key SET wrapped_keyset = ?, master_version = ?, primary_key_id = ?, rotated_at = now()"
						+ " WHERE org_id::text = ?",
				(name, key) -> change.apply(new OrgId(UUID.fromString(name)), key), List.of());
	}

	@Override
	public int updateDataKeys(OrgId org, BiFunction<String, WrappedKey, WrappedKey> change) {
		return batched("SELECT name, wrapped_keyset, kek_key_id, primary_key_id FROM crypto.data_key"
				+ " WHERE org_id = ? AND name > ? AND destroyed_at IS NULL ORDER BY name LIMIT " + BATCH + " FOR UPDATE",
				List.of(org.value()),
				"UPDATE crypto.data_key SET wrapped_keyset = ?, kek_key_id = ?, primary_key_id = ?, rotated_at = now()"
						+ " WHERE name = ? AND org_id = ? AND destroyed_at IS NULL",
				change, List.of(org.value()));
	}

	@Override
	public int updateIndexKeys(OrgId org, BiFunction<String, WrappedKey, WrappedKey> change) {
		return batched("SELECT column_name, wrapped_keyset, kek_key_id, primary_key_id FROM crypto.index_key"
				+ " WHERE org_id = ? AND column_name > ? ORDER BY column_name LIMIT " + BATCH + " FOR UPDATE",
				List.of(org.value()),
				"UPDATE crypto.index_key SET wrapped_keyset = ?, kek_key_id = ?, primary_key_id = ? WHERE column_name = ?"
						+ " AND org_id = ?",
				change, List.of(org.value()));
	}

	@Override
	public Destruction destroyDataKey(OrgId org, String name, UUID client) {
		return inTransaction(connection -> {
			// A tombstone first, so that a key nobody created yet cannot be created after the shredding either.
			List<Object> params = new ArrayList<>(List.of(org.value(), name));
			params.add(client);
			execute(connection, "INSERT INTO crypto.data_key (org_id, name, client_id, wrapped_keyset, destroyed_at)"
					+ " VALUES (?, ?, ?, NULL, now()) ON CONFLICT (org_id, name) DO NOTHING", params);
			Optional<Boolean> live = select(connection,
					"SELECT wrapped_keyset IS NOT NULL FROM crypto.data_key WHERE org_id = ? AND name = ? FOR UPDATE",
					List.of(org.value(), name), rs -> rs.getBoolean(1));
			if (live.orElse(false)) {
				// Overwritten, not deleted: the tombstone records when. PostgreSQL keeps the old row version until
				// VACUUM, and backups keep it for their retention (see docs/adr/0004-envelope-encryption.md).
				execute(connection, "UPDATE crypto.data_key SET wrapped_keyset = NULL, kek_key_id = NULL,"
						+ " primary_key_id = NULL, destroyed_at = now() WHERE org_id = ? AND name = ?",
						List.of(org.value(), name));
			}
			Timestamp at = select(connection, "SELECT destroyed_at FROM crypto.data_key WHERE org_id = ? AND name = ?",
					List.of(org.value(), name), rs -> rs.getTimestamp(1)).orElseThrow();
			return new Destruction(at.toInstant(), live.orElse(false));
		});
	}

	private int batched(String select, List<Object> selectParams, String update,
			BiFunction<String, WrappedKey, WrappedKey> change, List<Object> updateParams) {
		int total = 0;
		String after = "";
		while (true) {
			String from = after;
			BatchResult result = inTransaction(connection -> {
				List<Object> params = new ArrayList<>(selectParams);
				params.add(from);
				List<Named> rows = selectAll(connection, select, params,
						rs -> new Named(rs.getString(1), wrappedAt(rs, 2)));
				if (rows.isEmpty()) {
					return new BatchResult(0, from);
				}
				try (PreparedStatement statement = connection.prepareStatement(update)) {
					for (Named row : rows) {
						WrappedKey replaced = change.apply(row.name(), row.key());
						List<Object> values = new ArrayList<>(
								List.of(replaced.keyset(), replaced.wrappedBy(), replaced.primaryId(), row.name()));
						values.addAll(updateParams);
						bind(statement, values);
						statement.addBatch();
					}
					statement.executeBatch();
				}
				return new BatchResult(rows.size(), rows.get(rows.size() - 1).name());
			});
			total += result.count();
			if (result.count() < BATCH) {
				return total;
			}
			after = result.last();
		}
	}

	private record Named(String name, WrappedKey key) {
	}

	private record BatchResult(int count, String last) {
	}

	private static WrappedKey wrapped(ResultSet rs) throws SQLException {
		return wrappedAt(rs, 1);
	}

	private static WrappedKey wrappedAt(ResultSet rs, int first) throws SQLException {
		byte[] keyset = rs.getBytes(first);
		return new WrappedKey(keyset, rs.getLong(first + 1), rs.getLong(first + 2));
	}

	@FunctionalInterface
	interface Row<T> {

		T read(ResultSet rs) throws SQLException;

	}

	@FunctionalInterface
	interface Work<T> {

		T run(Connection connection) throws SQLException;

	}

	<T> T inTransaction(Work<T> work) {
		try (Connection connection = dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				T result = work.run(connection);
				connection.commit();
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new KeyStorageException(ex);
		}
	}

	<T> Optional<T> query(String sql, List<Object> params, Row<T> row) {
		return inTransaction(connection -> select(connection, sql, params, row));
	}

	void update(String sql, List<Object> params) {
		inTransaction(connection -> {
			execute(connection, sql, params);
			return null;
		});
	}

	static <T> Optional<T> select(Connection connection, String sql, List<Object> params, Row<T> row)
			throws SQLException {
		List<T> rows = selectAll(connection, sql, params, row);
		return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
	}

	static <T> List<T> selectAll(Connection connection, String sql, List<Object> params, Row<T> row)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			bind(statement, params);
			try (ResultSet rs = statement.executeQuery()) {
				List<T> rows = new ArrayList<>();
				while (rs.next()) {
					rows.add(row.read(rs));
				}
				return rows;
			}
		}
	}

	static int execute(Connection connection, String sql, List<Object> params) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			bind(statement, params);
			return statement.executeUpdate();
		}
	}

	private static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
		for (int i = 0; i < params.size(); i++) {
			statement.setObject(i + 1, params.get(i));
		}
	}

	/** A database failure while reading or writing keys; the message carries no data. */
	static final class KeyStorageException extends RuntimeException {

		KeyStorageException(SQLException cause) {
			super("key storage failed (SQLState " + cause.getSQLState() + ")", cause);
		}

	}

}
