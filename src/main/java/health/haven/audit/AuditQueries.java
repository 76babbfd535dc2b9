package health.haven.audit;

import health.haven.audit.internal.AuditExports;
import health.haven.audit.internal.ChainRow;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Questions asked of the audit trail: who accessed client X (when, what, why), which clients user U touched in a
 * period (breach scope), what happened by action and time; and exports of any of these as CSV, JSON or FHIR R4
 * AuditEvent. Exports are themselves audited ({@link AuditAction#EXPORT}) before the first byte is written.
 *
 * <p>Who may ask is decided by the caller (the compliance pages and the client's "who viewed my record" come with
 * their access rules later); every question is confined to one organization.
 */
@Service
public class AuditQueries {

	/** Upper bound on the clients a breach-scope answer lists, far above any caseload. */
	static final int MAX_CLIENTS = 100_000;

	private final NamedParameterJdbcTemplate jdbc;

	private final AuditTrail trail;

	AuditQueries(DataSource dataSource, AuditTrail trail) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setFetchSize(1000);
		this.jdbc = new NamedParameterJdbcTemplate(template);
		this.trail = trail;
	}

	/** Every access to {@code client} in {@code [from, to)}, newest first. */
	@Transactional(readOnly = true)
	public AuditPage accessesToClient(OrgId org, ClientId client, Instant from, Instant to, AuditPageRequest page) {
		return find(AuditFilter.of(org, from, to).client(client), page);
	}

	/** Entries with {@code action} in {@code [from, to)}, newest first. */
	@Transactional(readOnly = true)
	public AuditPage byAction(OrgId org, AuditAction action, Instant from, Instant to, AuditPageRequest page) {
		return find(AuditFilter.of(org, from, to).action(action), page);
	}

	/** Entries matching {@code filter}, newest first. */
	@Transactional(readOnly = true)
	public AuditPage find(AuditFilter filter, AuditPageRequest page) {
		MapSqlParameterSource params = parameters(filter);
		StringBuilder sql = new StringBuilder("SELECT seq, ").append(ChainRow.COLUMNS)
			.append(" FROM audit.entry WHERE ")
			.append(conditions(filter));
		page.beforeTime().ifPresent(time -> {
			sql.append(" AND (occurred_at, seq) < (:beforeTime, :beforeSeq)");
			params.addValue("beforeTime", Timestamp.from(time)).addValue("beforeSeq", page.beforeSeq());
		});
		sql.append(" ORDER BY occurred_at DESC, seq DESC LIMIT :limit");
		params.addValue("limit", page.size() + 1);
		List<AuditRecord> records = jdbc.query(sql.toString(), params, (rs, n) -> record(rs));
		if (records.size() > page.size()) {
			List<AuditRecord> shown = List.copyOf(records.subList(0, page.size()));
			return new AuditPage(shown, Optional.of(page.after(shown.get(shown.size() - 1))));
		}
		return new AuditPage(List.copyOf(records), Optional.empty());
	}

	/**
	 * The clients {@code user} touched in {@code [from, to)}, with how many entries and the first and last time: the
	 * starting point of a breach's scope when an account is known to be compromised.
	 */
	@Transactional(readOnly = true)
	public List<ClientTouch> clientsTouchedBy(OrgId org, UserId user, Instant from, Instant to) {
		return jdbc.query("""
				SELECT client_id, count(*) AS entries, min(occurred_at) AS first, max(occurred_at) AS last
				FROM audit.entry
				WHERE actor_user = :user AND occurred_at >= :from AND occurred_at < :to
				  AND client_id IS NOT NULL AND org_id = :org
				GROUP BY client_id ORDER BY client_id LIMIT :limit""",
				new MapSqlParameterSource("user", user.value()).addValue("org", org.value())
					.addValue("from", Timestamp.from(from))
					.addValue("to", Timestamp.from(to))
					.addValue("limit", MAX_CLIENTS),
				(rs, n) -> new ClientTouch(new ClientId(rs.getObject(1, UUID.class)), rs.getLong(2),
						rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()));
	}

	/**
	 * The sign-in events of one account since {@code from}, newest first, at most {@code limit}: password sign-ins and
	 * their failures, second-factor passes and failures. A failed attempt has no acting user (nobody was signed in), so
	 * the account is found by the resource the entry is about, which every one of these names.
	 */
	@Transactional(readOnly = true)
	public List<AuditRecord> signInsOf(OrgId org, UserId user, Instant from, int limit) {
		if (limit < 1 || limit > 1000) {
			throw new IllegalArgumentException("between 1 and 1000 sign-in events");
		}
		return jdbc.query("SELECT seq, " + ChainRow.COLUMNS + """
				 FROM audit.entry
				WHERE action IN ('SIGN_IN', 'SIGN_IN_FAILURE', 'MFA_CHALLENGE_PASSED', 'MFA_CHALLENGE_FAILED')
				  AND occurred_at >= :from AND org_id = :org
				  AND resource_type = 'user_account' AND resource_id = :user
				ORDER BY occurred_at DESC, seq DESC LIMIT :limit""",
				new MapSqlParameterSource("org", org.value()).addValue("user", user.toString())
					.addValue("from", Timestamp.from(from))
					.addValue("limit", limit),
				(rs, n) -> record(rs));
	}

	/**
	 * Writes every entry matching {@code filter} to {@code out} (oldest first), after recording the export itself.
	 *
	 * @return the number of entries written
	 */
	@Transactional(readOnly = true)
	public long export(AuditFilter filter, ExportFormat format, ActorRef exporter, Purpose purpose, Writer out) {
		AuditEntry.Builder audit = AuditEntry.of(exporter, AuditAction.EXPORT, purpose)
			.org(filter.org())
			.resource("AuditTrail", null)
			.detail("format", format.name())
			.detail("from", filter.from().toString())
			.detail("to", filter.to().toString());
		filter.client().ifPresent(audit::client);
		filter.user().ifPresent(user -> audit.detail("user", user.toString()));
		filter.action().ifPresent(action -> audit.detail("action", action.name()));
		trail.recordBeforeRead(audit.build());

		long[] written = { 0 };
		try (AuditExports export = new AuditExports(format, out)) {
			jdbc.query("SELECT seq, " + ChainRow.COLUMNS + " FROM audit.entry WHERE " + conditions(filter)
					+ " ORDER BY occurred_at, seq", parameters(filter), (ResultSet rs) -> {
						export.add(record(rs));
						written[0]++;
					});
		}
		return written[0];
	}

	private static String conditions(AuditFilter filter) {
		List<String> where = new ArrayList<>(List.of("org_id = :org", "occurred_at >= :from", "occurred_at < :to"));
		filter.client().ifPresent(c -> where.add("client_id = :client"));
		filter.user().ifPresent(u -> where.add("actor_user = :user"));
		filter.action().ifPresent(a -> where.add("action = :action"));
		return String.join(" AND ", where);
	}

	private static MapSqlParameterSource parameters(AuditFilter filter) {
		MapSqlParameterSource params = new MapSqlParameterSource("org", filter.org().value())
			.addValue("from", Timestamp.from(filter.from()))
			.addValue("to", Timestamp.from(filter.to()));
		filter.client().ifPresent(c -> params.addValue("client", c.value()));
		filter.user().ifPresent(u -> params.addValue("user", u.value()));
		filter.action().ifPresent(a -> params.addValue("action", a.name()));
		return params;
	}

	private static AuditRecord record(ResultSet rs) throws SQLException {
		ChainRow row = ChainRow.of(rs, 2);
		return new AuditRecord(rs.getLong(1), UUID.fromString(row.entryId()), row.toEntry());
	}

}
