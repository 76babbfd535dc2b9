package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditTrail;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.intake.IntakeTemplate;
import health.haven.records.intake.TemplateDefinitions;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The intake templates of an organization, by key and version. Haven bundles a behavioural-health intake
 * ({@value #BUNDLED_KEY}, resource {@code records/intake/bh-intake-v1.json}) that every organization starts from: it is
 * copied into the organization's own rows the first time the organization uses intake, so that templates live under
 * row-level security like every other row and an organization's versions never depend on what a later Haven bundles.
 * Program directors publish new versions; a published version never changes (nor does the database let it), so each
 * assessment keeps the exact questions it was started on.
 *
 * <p>Templates hold no client data: every member of staff may read them, and publishing is audited as a change of
 * the organization's configuration.
 */
@Service
public class IntakeTemplates {

	/** The key of the bundled behavioural-health intake template. */
	public static final String BUNDLED_KEY = "bh-intake";

	private static final List<String> BUNDLED = List.of("records/intake/bh-intake-v1.json");

	private final JdbcClient db;

	private final TenantWork work;

	private final AuditTrail audit;

	private final List<IntakeTemplate> bundled;

	IntakeTemplates(JdbcClient db, TenantWork work, AuditTrail audit) {
		this.db = db;
		this.work = work;
		this.audit = audit;
		// Parsed at start-up: a bundled template that fails its own checks stops Haven rather than an intake later.
		this.bundled = BUNDLED.stream().map(IntakeTemplates::load).toList();
	}

	/** Every version of every template of the actor's organization, by key, newest version first. */
	public List<TemplateVersion> versions(Actor actor) {
		requireStaff(actor);
		ensureBundled(actor.org());
		return work.reading(actor.org(), () -> db.sql("""
				SELECT key, version, title, bundled, published_at,
				       version = max(version) OVER (PARTITION BY key) AS current
				FROM records.intake_template ORDER BY key, version DESC""")
			.query((rs, n) -> new TemplateVersion(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4),
					rs.getTimestamp(5).toInstant(), rs.getBoolean(6)))
			.list());
	}

	/** The newest version of every template of the actor's organization: those a new assessment starts from. */
	public List<IntakeTemplate> current(Actor actor) {
		return versions(actor).stream()
			.filter(TemplateVersion::current)
			.map(version -> version(actor.org(), version.key(), version.version()).orElseThrow())
			.toList();
	}

	/** One version of a template, or "not found". */
	public IntakeTemplate find(Actor actor, String key, int version) {
		requireStaff(actor);
		ensureBundled(actor.org());
		return version(actor.org(), key, version).orElseThrow(IntakeTemplates::notFound);
	}

	/**
	 * Publishes a new version of a template of the actor's organization (a new key starts at version 1): program
	 * directors only. The definition is checked whole first ({@link TemplateDefinitions#parse}), so a bad one writes
	 * nothing. A definition that names its version must name the next one, so two directors publishing from the same
	 * version cannot both succeed.
	 */
	public IntakeTemplate publish(Actor actor, String definition) {
		if (!actor.has(Role.PROGRAM_DIRECTOR)) {
			throw new HavenException("RECORDS_INTAKE_TEMPLATE_PUBLISH_NOT_ALLOWED", Kind.FORBIDDEN,
					"only a program director publishes intake templates");
		}
		IntakeTemplate parsed = TemplateDefinitions.parse(definition);
		ensureBundled(actor.org());
		OrgId org = actor.org();
		try {
			return work.inTransaction(org, () -> {
				int next = db.sql("SELECT coalesce(max(version), 0) + 1 FROM records.intake_template WHERE key = ?")
					.param(parsed.key())
					.query(Integer.class)
					.single();
				if (parsed.version() != 0 && parsed.version() != next) {
					throw versionTaken(parsed.key(), next);
				}
				IntakeTemplate published = TemplateDefinitions.withVersion(parsed, next);
				insert(org, published, actor);
				audit.record(AuditEntry.of(actor.ref(), AuditAction.CREATE, Purpose.OPERATIONS)
					.org(org)
					.resource("intake_template", published.key() + "/" + published.version())
					.detail("key", published.key())
					.detail("version", Integer.toString(published.version()))
					.build());
				return published;
			});
		}
		catch (DuplicateKeyException ex) {
			throw new HavenException("RECORDS_INTAKE_TEMPLATE_VERSION_TAKEN", Kind.CONFLICT,
					"another version of the " + parsed.key() + " template was published meanwhile; publish again");
		}
	}

	/** The newest version of a template of the organization. */
	Optional<IntakeTemplate> latest(OrgId org, String key) {
		ensureBundled(org);
		return work.reading(org,
				() -> db.sql("SELECT max(version) FROM records.intake_template WHERE key = ?")
					.param(key)
					.query(Integer.class)
					.optional())
			.flatMap(version -> version(org, key, version));
	}

	/** A version of a template of the organization, as it was published. */
	Optional<IntakeTemplate> version(OrgId org, String key, int version) {
		return work.reading(org,
				() -> db.sql("SELECT definition FROM records.intake_template WHERE key = ? AND version = ?")
					.params(key, version)
					.query(String.class)
					.optional())
			.map(TemplateDefinitions::parse);
	}

	/**
	 * Copies the bundled templates into the organization's rows when it has none of that key and version. Checked on
	 * every use (a primary-key lookup) rather than remembered, so that a rolled-back first use cannot leave an
	 * organization believed to have a template it lacks. A bundled version an organization has already published
	 * itself is left alone: the organization's own rows are never overwritten.
	 */
	void ensureBundled(OrgId org) {
		for (IntakeTemplate template : bundled) {
			boolean present = work.reading(org, () -> db
				.sql("SELECT count(*) FROM records.intake_template WHERE key = ? AND version = ?")
				.params(template.key(), template.version())
				.query(Long.class)
				.single() > 0);
			if (!present) {
				work.inTransaction(org, () -> db.sql("""
						INSERT INTO records.intake_template (org_id, key, version, title, definition, bundled)
						VALUES (?, ?, ?, ?, ?, true) ON CONFLICT DO NOTHING""")
					.params(org.value(), template.key(), template.version(), template.title(),
							TemplateDefinitions.write(template))
					.update());
			}
		}
	}

	private void insert(OrgId org, IntakeTemplate template, Actor by) {
		db.sql("""
				INSERT INTO records.intake_template (org_id, key, version, title, definition, bundled, published_by)
				VALUES (?, ?, ?, ?, ?, false, ?)""")
			.params(org.value(), template.key(), template.version(), template.title(),
					TemplateDefinitions.write(template), by.user().value())
			.update();
	}

	private static void requireStaff(Actor actor) {
		if (!actor.isStaff()) {
			throw new HavenException("RECORDS_INTAKE_TEMPLATE_STAFF_ONLY", Kind.FORBIDDEN,
					"intake templates are for staff");
		}
	}

	private static IntakeTemplate load(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			IntakeTemplate template = TemplateDefinitions.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			if (template.version() < 1) {
				throw new IllegalStateException("the bundled intake template " + resource + " names no version");
			}
			return template;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the bundled intake template " + resource + " cannot be read", ex);
		}
	}

	private static HavenException notFound() {
		return new HavenException("RECORDS_INTAKE_TEMPLATE_NOT_FOUND", Kind.NOT_FOUND, "no such intake template version");
	}

	private static HavenException versionTaken(String key, int next) {
		return new HavenException("RECORDS_INTAKE_TEMPLATE_VERSION_TAKEN", Kind.CONFLICT,
				"versions of the " + key + " template are published in order and never replaced; the next one is "
						+ next + " (leave version out to take it)");
	}

	/** A published version of a template, without its items. */
	public record TemplateVersion(String key, int version, String title, boolean bundled, Instant publishedAt,
			boolean current) {
	}

}
