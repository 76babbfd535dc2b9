package health.haven.identity.internal;

import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;

/**
 * The JDBC access Spring Security's passkey repositories get. They name their tables without a schema
 * ({@code user_entities}, {@code user_credentials}) while Haven keeps every table in its module's schema and never
 * relies on a search path, so this puts {@code identity.} in front of those two names, in the only two calls those
 * repositories make (checked against spring-security-webauthn 7.1.2; {@code PasskeyIT} fails if that changes).
 */
final class IdentitySchemaJdbc extends JdbcTemplate {

	private static final Pattern SPRING_TABLES = Pattern.compile("\\b(user_entities|user_credentials)\\b");

	IdentitySchemaJdbc(DataSource dataSource) {
		super(dataSource);
	}

	@Override
	public int update(String sql, PreparedStatementSetter setter) throws DataAccessException {
		return super.update(qualified(sql), setter);
	}

	@Override
	public <T> List<T> query(String sql, RowMapper<T> rowMapper, Object... args) throws DataAccessException {
		return super.query(qualified(sql), rowMapper, args);
	}

	static String qualified(String sql) {
		return SPRING_TABLES.matcher(sql).replaceAll("identity.$1");
	}

}
