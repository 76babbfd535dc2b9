package health.haven.identity;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which signed-in sessions still exist: for connections that outlive the request that opened them (telehealth
 * signaling over WebSocket), so that signing out, a revoked session, an ended account or the idle timeout also ends
 * them. Sessions live only in PostgreSQL (Spring Session JDBC); one query answers for many.
 */
@Component
public class LiveSessions {

	private final JdbcClient db;

	LiveSessions(JdbcClient db) {
		this.db = db;
	}

	/** Those of {@code sessionIds} still signed in (present and not expired). */
	public Set<String> alive(Collection<String> sessionIds) {
		if (sessionIds.isEmpty()) {
			return Set.of();
		}
		List<String> ids = List.copyOf(Set.copyOf(sessionIds));
		return Set.copyOf(db.sql("SELECT session_id FROM identity.spring_session WHERE session_id = ANY (?) "
				+ "AND expiry_time > (extract(epoch FROM clock_timestamp()) * 1000)::bigint")
			.param(ids.toArray(new String[0]))
			.query(String.class)
			.list()
			.stream()
			.collect(Collectors.toSet()));
	}

}
