package health.haven.shared.tenancy;

import health.haven.shared.OrgId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out pooled connections whose {@code haven.org_id} setting is the current thread's organization (an empty
 * string when there is none), so that PostgreSQL's row-level security sees the tenant of every statement.
 *
 * <p>The setting is made at checkout, in autocommit mode, so no later rollback can undo it. Each physical connection
 * remembers the value it last received, which saves the round trip when a connection goes back to the same tenant;
 * nothing else in Haven changes the setting, so the remembered value is the real one. Looking it up takes no lock
 * (every checkout of every request does); connections the pool has closed are forgotten as the map grows.
 */
public class TenantScopedDataSource extends DelegatingDataSource {

	private static final int PRUNE_AT_LEAST = 64;

	private final Map<Connection, String> lastSet = new ConcurrentHashMap<>();

	private volatile int pruneAbove = PRUNE_AT_LEAST;

	public TenantScopedDataSource(DataSource target) {
		super(target);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return scoped(super.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return scoped(super.getConnection(username, password));
	}

	private Connection scoped(Connection connection) throws SQLException {
		String org = Tenancy.current().map(OrgId::toString).orElse("");
		try {
			Connection physical = physical(connection);
			if (connection.getAutoCommit() && Objects.equals(lastSet.get(physical), org)) {
				return connection;
			}
			try (PreparedStatement set = connection.prepareStatement("SELECT set_config('haven.org_id', ?, false)")) {
				set.setString(1, org);
				set.execute();
			}
			if (connection.getAutoCommit()) {
				remember(physical, org);
			}
			else {
				lastSet.remove(physical);
			}
			return connection;
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	private void remember(Connection physical, String org) {
		lastSet.put(physical, org);
		if (lastSet.size() > pruneAbove) {
			lastSet.keySet().removeIf(TenantScopedDataSource::closed);
			pruneAbove = Math.max(PRUNE_AT_LEAST, 2 * lastSet.size());
		}
	}

	private static boolean closed(Connection physical) {
		try {
			return physical.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

	private static Connection physical(Connection connection) {
		try {
			return connection.isWrapperFor(org.postgresql.jdbc.PgConnection.class)
					? connection.unwrap(org.postgresql.jdbc.PgConnection.class) : connection;
		}
		catch (SQLException ex) {
			return connection;
		}
	}

}
