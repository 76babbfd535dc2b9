package health.haven.bench;

import health.haven.identity.CurrentActor;
import health.haven.shared.OrgId;
import health.haven.shared.tenancy.TenantWork;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chart-read benchmark's baseline, in the {@code bench} profile only (and in test sources only, so it never ships):
 * the same rows as the chart summary (the client's registry row, the current plan version, the five latest notes and
 * their sections) read in one transaction under row-level security and returned as they are stored, sealed, with no
 * decryption, no access decision and no audit entry. It sits behind the same TLS, session and sign-in rules as the
 * real summary, so the difference between the two is what the protections cost.
 */
@RestController
@Profile("bench")
class ChartReadBaseline {

	private final JdbcClient db;

	private final TenantWork work;

	ChartReadBaseline(JdbcClient db, TenantWork work) {
		this.db = db;
		this.work = work;
	}

	/**
	 * The floor: a signed-in request that reads nothing (TLS, the JDBC session, the sign-in rules and JSON only), to
	 * show how much of either figure is the platform rather than the chart.
	 */
	@GetMapping("/bench/floor")
	Map<String, Object> floor() {
		return Map.of("org", CurrentActor.require().org().toString(), "sections", List.of());
	}

	@GetMapping("/bench/chart-baseline/{id}")
	Map<String, Object> read(@PathVariable UUID id) {
		OrgId org = CurrentActor.require().org();
		return work.reading(org, () -> {
			Map<String, Object> client = db.sql("""
					SELECT id, name, date_of_birth, state, contact, status FROM records.client WHERE id = ?""")
				.param(id)
				.query()
				.singleRow();
			List<Map<String, Object>> plan = db.sql("""
					SELECT p.id, p.category, p.version, p.created_at, p.updated_at, p.reviewed_at, p.agreed_version,
					p.agreed_by, p.agreed_how, p.agreed_at, v.id AS version_id, v.content
					FROM records.treatment_plan p
					JOIN records.treatment_plan_version v ON v.plan_id = p.id AND v.version = p.version
					WHERE p.client_id = ?""").param(id).query().listOfRows();
			List<Map<String, Object>> notes = db.sql("""
					SELECT id, client_id, author_id, kind, template, category, service_date, trainee, version,
					signed_at, content_hash, late_entry, cosigned_at, cosigned_by
					FROM records.progress_note WHERE client_id = ? AND category <> 'PSYCHOTHERAPY_NOTE'
					ORDER BY service_date DESC, created_at DESC LIMIT 5""").param(id).query().listOfRows();
			List<Map<String, Object>> sections = db.sql("""
					SELECT note_id, section, body FROM records.progress_note_section
					WHERE note_id = ANY (?) ORDER BY note_id, position""")
				.param(notes.stream().map(note -> (UUID) note.get("id")).toArray(UUID[]::new))
				.query()
				.listOfRows();
			return Map.of("client", client, "plan", plan, "notes", notes, "sections", sections);
		});
	}

}
