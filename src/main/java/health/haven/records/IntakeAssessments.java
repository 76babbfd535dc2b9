package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.records.intake.IntakeAnswers;
import health.haven.records.intake.IntakeTemplate;
import health.haven.records.intake.IntakeTemplate.Item;
import health.haven.records.internal.ChartState;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Intake assessments: started by a clinician (or program director) of the client's care team from the current
 * version of an intake template, saved as drafts (each answer checked against that version), then signed by their
 * author once every required item is answered: signing locks the assessment and keeps a hash of its answers. An
 * assessment is always read against the template version it was started on, however many versions come after.
 *
 * <p><b>Part 2 content is kept apart, not the whole assessment relabelled.</b> A template marks its substance-use
 * sections (history of use, ASAM dimensions) SUD_PART2; their answers are sealed in a row of their own, decided and
 * audited as SUD_PART2 on every read and write, while the rest of the assessment is GENERAL. A reader who may see the
 * general record but not Part 2 records thus still sees the presenting problem, risk assessment and mental status,
 * with the substance-use sections marked as withheld: what a clinician on such a team would expect, and the
 * minimum-necessary reading of 42 CFR Part 2 (whose 2024 rule asks that such data be labelled rather than walled off,
 * PT2-SEG-01). Substance-use answers are labelled Part 2 whatever the program, the stricter choice, as diagnoses
 * with substance-use codes are. Today's access policy gives every care-team role both categories, so the split
 * matters once a role (or a client's restriction) separates them; writing and signing need both, since a writer who
 * could not see the Part 2 answers would overwrite or sign what they have not seen. Free text in general sections
 * (the clinical summary) can still mention substance use: the form asks clinicians to keep it in the Part 2 sections.
 *
 * <p>Decisions run outside the write transactions so that a denial's audit entry survives the failed request; a
 * client or assessment outside the reader's reach is "not found". A discharged client's assessments are read-only.
 */
@Service
public class IntakeAssessments {

	private static final Purpose PURPOSE = Purpose.TREATMENT;

	private static final String ASSESSMENT = "intake_assessment";

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	private final ChartState state;

	private final IntakeTemplates templates;

	IntakeAssessments(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions,
			ChartAccess access, ChartState state, IntakeTemplates templates) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.access = access;
		this.state = state;
		this.templates = templates;
	}

	/**
	 * Starts an empty draft on the current version of the named template, by the actor, who must be a clinician or
	 * program director of the client's care team. Returns the assessment's id.
	 */
	public UUID start(Actor actor, ClientId client, String templateKey) {
		UUID id = UUID.randomUUID();
		access.requireWriter(actor, client, DataCategory.GENERAL, AuditAction.CREATE, ASSESSMENT, id.toString());
		if (templateKey == null || templateKey.isBlank()) {
			throw new HavenException("RECORDS_INTAKE_TEMPLATE_MISSING", Kind.BAD_REQUEST,
					"say which intake template to start from (" + IntakeTemplates.BUNDLED_KEY + " is Haven's own)");
		}
		String key = templateKey.strip().toLowerCase(Locale.ROOT);
		IntakeTemplate template = templates.latest(actor.org(), key)
			.orElseThrow(() -> new HavenException("RECORDS_INTAKE_TEMPLATE_UNKNOWN", Kind.BAD_REQUEST,
					"this organization has no intake template of that key"));
		for (DataCategory category : template.categories()) {
			decisions.enforce(actor, actor.org(), client, category, PURPOSE, AuditAction.CREATE, ASSESSMENT,
					id.toString());
		}
		KeyScope scope = KeyScope.client(actor.org(), client);
		work.inTransaction(actor.org(), () -> {
			db.sql("""
					INSERT INTO records.intake_assessment (id, org_id, client_id, author_id, template_key,
					                                       template_version)
					VALUES (?, ?, ?, ?, ?, ?)""")
				.params(id, actor.org().value(), client.value(), actor.user().value(), template.key(),
						template.version())
				.update();
			for (DataCategory category : template.categories()) {
				db.sql("INSERT INTO records.intake_answers (assessment_id, org_id, category, body) VALUES (?, ?, ?, ?)")
					.params(id, actor.org().value(), category.name(),
							cipher.sealText(scope, answersField(category, id), IntakeAnswers.encode(Map.of())))
					.update();
			}
		});
		return id;
	}

	/** The client's assessments, newest first, without their answers; audited as one read of the record. */
	public List<IntakeAssessmentSummary> list(Actor actor, ClientId client) {
		access.requireClient(actor, client, DataCategory.GENERAL, PURPOSE, AuditAction.READ, "intake_assessment_list");
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, PURPOSE, AuditAction.READ,
				"intake_assessment_list", client.toString());
		return work.reading(actor.org(), () -> db.sql("""
				SELECT a.id, a.author_id, a.template_key, a.template_version, t.title, a.created_at, a.signed_at
				FROM records.intake_assessment a
				JOIN records.intake_template t ON t.org_id = a.org_id AND t.key = a.template_key
				                              AND t.version = a.template_version
				WHERE a.client_id = ? ORDER BY a.created_at DESC, a.id""")
			.param(client.value())
			.query((rs, n) -> new IntakeAssessmentSummary(rs.getObject(1, UUID.class),
					new UserId(rs.getObject(2, UUID.class)), rs.getString(3), rs.getInt(4), rs.getString(5),
					rs.getTimestamp(6).toInstant(), instant(rs.getTimestamp(7))))
			.list());
	}

	/**
	 * One assessment with the answers the actor may read: the general answers for anyone who may read the client's
	 * record, the Part 2 sections' answers only for someone who may also read Part 2 records (each decided and
	 * audited); "not found" otherwise.
	 */
	public IntakeAssessment find(Actor actor, ClientId client, String assessmentId) {
		Row row = row(actor, client, assessmentId, AuditAction.READ);
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, PURPOSE, AuditAction.READ, ASSESSMENT,
				row.id().toString());
		IntakeTemplate template = template(actor.org(), row);
		Set<DataCategory> readable = new LinkedHashSet<>();
		readable.add(DataCategory.GENERAL);
		if (template.hasPartTwo()
				&& decisions.decide(actor, actor.org(), client, DataCategory.SUD_PART2, PURPOSE).permitted()) {
			decisions.enforce(actor, actor.org(), client, DataCategory.SUD_PART2, PURPOSE, AuditAction.READ,
					ASSESSMENT, row.id().toString());
			readable.add(DataCategory.SUD_PART2);
		}
		Map<String, Object> answers = work.reading(actor.org(), () -> answers(actor.org(), row, template, readable));
		Set<String> withheld = template.sections()
			.stream()
			.filter(section -> !readable.contains(section.category()))
			.map(IntakeTemplate.Section::id)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		return new IntakeAssessment(row.id(), client, row.author(), template, row.version(), row.createdAt(),
				row.updatedAt(), row.signedAt(), row.contentHash(), answers, withheld);
	}

	/**
	 * Saves a draft's answers (replacing them all) by its author and returns its new version. Refused, changing
	 * nothing: an answer that does not fit the template version (400, naming the item), a signed assessment or one
	 * saved meanwhile from another version (409).
	 */
	public int saveDraft(Actor actor, ClientId client, String assessmentId, IntakeEdit edit) {
		Row row = writable(actor, client, assessmentId, ASSESSMENT);
		if (edit == null || edit.version() == null) {
			throw versionMissing();
		}
		IntakeTemplate template = template(actor.org(), row);
		Map<String, Object> answers = IntakeAnswers.check(template, edit.answers(), LocalDate.now(ZoneOffset.UTC));
		KeyScope key = KeyScope.client(actor.org(), client);
		return work.inTransaction(actor.org(), () -> {
			int changed = db.sql("""
					UPDATE records.intake_assessment SET version = version + 1, updated_at = now()
					WHERE id = ? AND version = ? AND signed_at IS NULL""")
				.params(row.id(), edit.version())
				.update();
			if (changed == 0) {
				throw lostRace(row.id());
			}
			for (DataCategory category : template.categories()) {
				db.sql("UPDATE records.intake_answers SET body = ? WHERE assessment_id = ? AND category = ?")
					.params(cipher.sealText(key, answersField(category, row.id()),
							IntakeAnswers.encode(IntakeAnswers.of(template, answers, category))), row.id(),
							category.name())
					.update();
			}
			return edit.version() + 1;
		});
	}

	/**
	 * Signs the draft as its author saw it (the version) once every required item is answered, and locks it: the
	 * hash of its answers is kept, and neither the service nor the database lets it change again.
	 */
	public void sign(Actor actor, ClientId client, String assessmentId, Integer version) {
		Row row = writable(actor, client, assessmentId, "intake_assessment_signature");
		if (version == null) {
			throw versionMissing();
		}
		IntakeTemplate template = template(actor.org(), row);
		work.inTransaction(actor.org(), () -> {
			Integer current = db.sql("""
					SELECT version FROM records.intake_assessment WHERE id = ? AND signed_at IS NULL FOR UPDATE""")
				.param(row.id())
				.query(Integer.class)
				.optional()
				.orElseThrow(IntakeAssessments::alreadySigned);
			if (current.intValue() != version.intValue()) {
				throw editedMeanwhile();
			}
			Map<String, Object> answers = answers(actor.org(), row, template, Set.copyOf(template.categories()));
			List<Item> missing = IntakeAnswers.missingRequired(template, answers);
			if (!missing.isEmpty()) {
				throw new HavenException("RECORDS_INTAKE_REQUIRED_MISSING", Kind.BAD_REQUEST,
						missing.size() + " required item" + (missing.size() == 1 ? " is" : "s are")
								+ " unanswered: " + missing.stream()
									.limit(12)
									.map(item -> item.label() + " (" + item.id() + ")")
									.collect(Collectors.joining("; "))
								+ (missing.size() > 12 ? "; ..." : ""));
			}
			db.sql("""
					UPDATE records.intake_assessment SET signed_at = now(), content_hash = ?
					WHERE id = ? AND version = ? AND signed_at IS NULL""")
				.params(IntakeAnswers.hash(template, answers), row.id(), version)
				.update();
		});
	}

	/** The assessment, decided for writing in every category of its template, still a draft, and the actor's own. */
	private Row writable(Actor actor, ClientId client, String assessmentId, String resourceType) {
		Row row = row(actor, client, assessmentId, AuditAction.UPDATE);
		IntakeTemplate template = template(actor.org(), row);
		for (DataCategory category : template.categories()) {
			decisions.enforce(actor, actor.org(), client, category, PURPOSE, Optional.of(row.author()),
					AuditAction.UPDATE, resourceType, row.id().toString());
		}
		state.requireOpen(actor.org(), client);
		if (row.signedAt() != null) {
			throw alreadySigned();
		}
		if (!row.author().equals(actor.user())) {
			throw new HavenException("RECORDS_INTAKE_NOT_AUTHOR", Kind.FORBIDDEN,
					"an intake assessment is completed and signed by the clinician who started it");
		}
		return row;
	}

	/** The assessment of this client, or an audited "not found": for an unknown id as for another client's. */
	private Row row(Actor actor, ClientId client, String assessmentId, AuditAction action) {
		UUID id = parse(assessmentId);
		Optional<Row> row = id == null ? Optional.empty()
				: work.reading(actor.org(), () -> db.sql("""
						SELECT id, client_id, author_id, template_key, template_version, version, created_at,
						       updated_at, signed_at, content_hash
						FROM records.intake_assessment WHERE id = ? AND client_id = ?""")
					.params(id, client.value())
					.query((rs, n) -> new Row(rs.getObject(1, UUID.class), new ClientId(rs.getObject(2, UUID.class)),
							new UserId(rs.getObject(3, UUID.class)), rs.getString(4), rs.getInt(5), rs.getInt(6),
							rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
							instant(rs.getTimestamp(9)), rs.getString(10)))
					.optional());
		if (row.isEmpty()) {
			decisions.refuseUnknown(actor, client, DataCategory.GENERAL, PURPOSE, action, ASSESSMENT);
			throw new HavenException("RECORDS_INTAKE_NOT_FOUND", Kind.NOT_FOUND, "no such intake assessment");
		}
		return row.get();
	}

	private IntakeTemplate template(OrgId org, Row row) {
		return templates.version(org, row.templateKey(), row.templateVersion())
			.orElseThrow(() -> new IllegalStateException("intake assessment " + row.id() + " names template "
					+ row.templateKey() + " version " + row.templateVersion() + ", which is missing"));
	}

	/** The answers of the given categories, opened and read against the assessment's template version. */
	private Map<String, Object> answers(OrgId org, Row row, IntakeTemplate template, Set<DataCategory> categories) {
		KeyScope key = KeyScope.client(org, row.client());
		Map<String, Object> opened = new LinkedHashMap<>();
		db.sql("SELECT category, body FROM records.intake_answers WHERE assessment_id = ?")
			.param(row.id())
			.query((rs, n) -> {
				DataCategory category = DataCategory.valueOf(rs.getString(1));
				if (categories.contains(category)) {
					opened.putAll(IntakeAnswers.decode(template,
							cipher.openText(key, answersField(category, row.id()), rs.getBytes(2))));
				}
				return category;
			})
			.list();
		Map<String, Object> ordered = new LinkedHashMap<>();
		for (Item item : template.items()) {
			if (opened.containsKey(item.id())) {
				ordered.put(item.id(), opened.get(item.id()));
			}
		}
		return ordered;
	}

	/** Why a guarded UPDATE changed nothing: signed meanwhile, or saved meanwhile from the same version. */
	private HavenException lostRace(UUID assessment) {
		boolean signed = db.sql("SELECT signed_at IS NOT NULL FROM records.intake_assessment WHERE id = ?")
			.param(assessment)
			.query(Boolean.class)
			.single();
		return signed ? alreadySigned() : editedMeanwhile();
	}

	private static HavenException editedMeanwhile() {
		return new HavenException("RECORDS_INTAKE_EDITED_MEANWHILE", Kind.CONFLICT,
				"this assessment was saved by someone else (or in another window) since you opened it; "
						+ "reload it and make your changes again");
	}

	private static HavenException alreadySigned() {
		return new HavenException("RECORDS_INTAKE_ALREADY_SIGNED", Kind.CONFLICT,
				"this intake assessment is signed and locked");
	}

	private static HavenException versionMissing() {
		return new HavenException("RECORDS_INTAKE_VERSION_MISSING", Kind.BAD_REQUEST,
				"say which version of the draft you edited");
	}

	private static FieldRef answersField(DataCategory category, UUID assessment) {
		return FieldRef.of("records.intake_answers", category.name().toLowerCase(Locale.ROOT), assessment);
	}

	private static Instant instant(Timestamp value) {
		return value == null ? null : value.toInstant();
	}

	private static UUID parse(String id) {
		try {
			return id == null ? null : UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private record Row(UUID id, ClientId client, UserId author, String templateKey, int templateVersion, int version,
			Instant createdAt, Instant updatedAt, Instant signedAt, String contentHash) {
	}

}
