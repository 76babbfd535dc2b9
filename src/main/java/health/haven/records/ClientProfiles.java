package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditTrail;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.crypto.FieldCipher;
import health.haven.crypto.FieldRef;
import health.haven.crypto.KeyScope;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.ClientProfile.Demographics;
import health.haven.records.ClientProfile.Insurance;
import health.haven.records.internal.ChartState;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client's profile beyond the registry: preferred name, pronouns and emergency contact (DEMOGRAPHIC), insurance
 * (BILLING) and risk flags (GENERAL, clinical). Each section is sealed under the client's key as one JSON document,
 * every version is kept, and an edit names the version it started from, so that two people editing at once cannot
 * silently overwrite each other.
 *
 * <p>Each section is read under its own category: what a reader may not see is left out (not refused), so that the
 * front desk gets demographics only, billing demographics and insurance, the care team demographics and risk flags.
 * Who changes what (minimum necessary, and the people who actually keep each part):
 * <ul>
 * <li>demographics: the care team's clinicians and program directors, and the front desk;</li>
 * <li>insurance: billing;</li>
 * <li>risk flags: the care team's clinicians and program directors (facilitators read them, as they read the
 * chart).</li>
 * </ul>
 * Anyone else is refused; outside a care relationship the answer is "not found". A discharged client's profile is
 * read-only.
 */
@Service
public class ClientProfiles {

	static final String TABLE = "records.client_profile";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<ProfileSection, Set<Role>> WRITERS = new EnumMap<>(Map.of(ProfileSection.DEMOGRAPHICS,
			EnumSet.of(Role.CLINICIAN, Role.PROGRAM_DIRECTOR, Role.FRONT_DESK), ProfileSection.INSURANCE,
			EnumSet.of(Role.BILLING), ProfileSection.RISK_FLAGS, EnumSet.of(Role.CLINICIAN, Role.PROGRAM_DIRECTOR)));

	static final Set<String> SUBSCRIBER_RELATIONS = Set.of("SELF", "SPOUSE", "CHILD", "OTHER");

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().-]{7,40}");

	private final JdbcClient db;

	private final TenantWork work;

	private final FieldCipher cipher;

	private final AccessDecisions decisions;

	private final AuditTrail audit;

	private final ChartAccess access;

	private final ChartState state;

	ClientProfiles(JdbcClient db, TenantWork work, FieldCipher cipher, AccessDecisions decisions, AuditTrail audit,
			ChartAccess access, ChartState state) {
		this.db = db;
		this.work = work;
		this.cipher = cipher;
		this.decisions = decisions;
		this.audit = audit;
		this.access = access;
		this.state = state;
	}

	/**
	 * The profile as this reader may see it: demographics for anyone who may see the client at all, insurance and
	 * risk flags only where their categories are permitted too (each one decided and audited on its own).
	 */
	public ClientProfile of(Actor actor, ClientId client, Purpose purpose) {
		access.requireClient(actor, client, DataCategory.DEMOGRAPHIC, purpose, AuditAction.READ, "client_profile");
		Optional<Row> row = work.reading(actor.org(), () -> db.sql("""
				SELECT version, demographics, insurance, risk_flags, written_at FROM records.client_profile
				WHERE client_id = ? ORDER BY version DESC LIMIT 1""")
			.param(client.value())
			.query((rs, n) -> new Row(rs.getInt(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4),
					rs.getTimestamp(5).toInstant()))
			.optional());
		decisions.enforce(actor, actor.org(), client, DataCategory.DEMOGRAPHIC, purpose, AuditAction.READ,
				"client_profile", client.toString());
		boolean insuranceVisible = visible(actor, client, DataCategory.BILLING, purpose);
		boolean flagsVisible = visible(actor, client, DataCategory.GENERAL, purpose);
		Set<ProfileSection> mayChange = mayChange(actor, client);
		if (row.isEmpty()) {
			return new ClientProfile(client, 0, null, Demographics.NONE, insuranceVisible ? Insurance.NONE : null,
					flagsVisible ? List.of() : null, mayChange);
		}
		KeyScope key = KeyScope.client(actor.org(), client);
		Row found = row.get();
		return new ClientProfile(client, found.version(), found.writtenAt(),
				JSON.readValue(cipher.openText(key, field("demographics", client), found.demographics()),
						Demographics.class),
				insuranceVisible ? JSON.readValue(cipher.openText(key, field("insurance", client), found.insurance()),
						Insurance.class) : null,
				flagsVisible ? List.of(JSON.readValue(cipher.openText(key, field("risk_flags", client),
						found.riskFlags()), RiskFlag[].class)) : null,
				mayChange);
	}

	/**
	 * Changes the sections given, keeping the others as they are, if nobody changed the profile since
	 * {@code change.basedOn()}. The right to change is decided before the input is looked at, so that someone outside
	 * the care team learns nothing from a validation message; nothing is written unless everything is acceptable.
	 *
	 * @return the new version
	 */
	public int change(Actor actor, ClientId client, ProfileChange change) {
		Purpose purpose = decisions.usualPurpose(actor);
		access.requireClient(actor, client, DataCategory.DEMOGRAPHIC, purpose, AuditAction.UPDATE, "client_profile");
		if (!decisions.decide(actor, actor.org(), client, DataCategory.DEMOGRAPHIC, purpose).permitted()) {
			decisions.enforce(actor, actor.org(), client, DataCategory.DEMOGRAPHIC, purpose, AuditAction.UPDATE,
					"client_profile", client.toString());
		}
		if (WRITERS.values().stream().flatMap(Set::stream).noneMatch(actor::has)) {
			throw refused(actor, client, purpose, "ROLE_MAY_NOT_WRITE", null);
		}
		Map<ProfileSection, Object> given = new EnumMap<>(ProfileSection.class);
		if (change != null && change.demographics() != null) {
			given.put(ProfileSection.DEMOGRAPHICS, change.demographics());
		}
		if (change != null && change.insurance() != null) {
			given.put(ProfileSection.INSURANCE, change.insurance());
		}
		if (change != null && change.riskFlags() != null) {
			given.put(ProfileSection.RISK_FLAGS, change.riskFlags());
		}
		for (ProfileSection section : given.keySet()) {
			if (!mayWrite(actor, client, section, purpose)) {
				throw refused(actor, client, purpose, "SECTION_NOT_ALLOWED", section);
			}
		}
		state.requireOpen(actor.org(), client);
		if (given.isEmpty()) {
			throw new HavenException("RECORDS_PROFILE_EMPTY", Kind.BAD_REQUEST,
					"give at least one section of the profile to change");
		}
		if (change.basedOn() < 0) {
			throw new HavenException("RECORDS_PROFILE_BASED_ON_MISSING", Kind.BAD_REQUEST,
					"say which version of the profile the change starts from (basedOn; 0 for a first profile)");
		}
		KeyScope key = KeyScope.client(actor.org(), client);
		Map<ProfileSection, byte[]> sealed = new EnumMap<>(ProfileSection.class);
		for (Map.Entry<ProfileSection, Object> section : given.entrySet()) {
			Object valid = switch (section.getKey()) {
				case DEMOGRAPHICS -> demographics((Demographics) section.getValue());
				case INSURANCE -> insurance((Insurance) section.getValue());
				case RISK_FLAGS -> riskFlags(castFlags(section.getValue()));
			};
			sealed.put(section.getKey(), seal(key, client, section.getKey(), valid));
		}
		int current = work.reading(actor.org(), () -> db
			.sql("SELECT coalesce(max(version), 0) FROM records.client_profile WHERE client_id = ?")
			.param(client.value())
			.query(Integer.class)
			.single());
		if (current != change.basedOn()) {
			throw stale();
		}
		for (ProfileSection section : given.keySet()) {
			decisions.enforce(actor, actor.org(), client, section.category(), purpose,
					current == 0 ? AuditAction.CREATE : AuditAction.UPDATE, "client_profile", client.toString());
		}
		if (current == 0) {
			for (ProfileSection section : ProfileSection.values()) {
				sealed.computeIfAbsent(section, empty -> seal(key, client, empty, switch (empty) {
					case DEMOGRAPHICS -> Demographics.NONE;
					case INSURANCE -> Insurance.NONE;
					case RISK_FLAGS -> List.of();
				}));
			}
		}
		int next = current + 1;
		try {
			int written = work.inTransaction(actor.org(), () -> current == 0 ? db.sql("""
					INSERT INTO records.client_profile (client_id, version, org_id, demographics, insurance, risk_flags,
					written_by) VALUES (?, 1, ?, ?, ?, ?, ?)""")
				.params(client.value(), actor.org().value(), sealed.get(ProfileSection.DEMOGRAPHICS),
						sealed.get(ProfileSection.INSURANCE), sealed.get(ProfileSection.RISK_FLAGS),
						actor.user().value())
				.update() : db.sql("""
						INSERT INTO records.client_profile (client_id, version, org_id, demographics, insurance, risk_flags,
						written_by)
						SELECT p.client_id, ?, p.org_id, coalesce(?::bytea, p.demographics), coalesce(?::bytea, p.insurance),
						coalesce(?::bytea, p.risk_flags), ? FROM records.client_profile p
						WHERE p.client_id = ? AND p.version = ?""")
					.params(next, sealed.get(ProfileSection.DEMOGRAPHICS), sealed.get(ProfileSection.INSURANCE),
							sealed.get(ProfileSection.RISK_FLAGS), actor.user().value(), client.value(), current)
					.update());
			if (written != 1) {
				throw stale();
			}
		}
		catch (DuplicateKeyException ex) {
			throw stale();
		}
		return next;
	}

	/** The sections this person may change on this client's profile now (none once the chart is closed). */
	private Set<ProfileSection> mayChange(Actor actor, ClientId client) {
		Purpose purpose = decisions.usualPurpose(actor);
		Set<ProfileSection> sections = EnumSet.noneOf(ProfileSection.class);
		for (ProfileSection section : ProfileSection.values()) {
			if (mayWrite(actor, client, section, purpose)) {
				sections.add(section);
			}
		}
		if (!sections.isEmpty()) {
			try {
				state.requireOpen(actor.org(), client);
			}
			catch (HavenException discharged) {
				return Set.of();
			}
		}
		return sections;
	}

	private boolean mayWrite(Actor actor, ClientId client, ProfileSection section, Purpose purpose) {
		return WRITERS.get(section).stream().anyMatch(actor::has)
				&& decisions.decide(actor, actor.org(), client, section.category(), purpose).permitted();
	}

	private boolean visible(Actor actor, ClientId client, DataCategory category, Purpose purpose) {
		if (!decisions.decide(actor, actor.org(), client, category, purpose).permitted()) {
			return false;
		}
		decisions.enforce(actor, actor.org(), client, category, purpose, AuditAction.READ, "client_profile",
				client.toString());
		return true;
	}

	private HavenException refused(Actor actor, ClientId client, Purpose purpose, String reason,
			ProfileSection section) {
		AuditEntry.Builder entry = AuditEntry.of(actor.ref(), AuditAction.UPDATE, purpose)
			.org(actor.org())
			.client(client)
			.resource("client_profile", client.toString())
			.detail("reason", reason)
			.outcome(AuditOutcome.DENIED);
		if (section != null) {
			entry.detail("section", section.name()).detail("category", section.category().name());
		}
		audit.record(entry.build());
		return new HavenException("RECORDS_PROFILE_CHANGE_NOT_ALLOWED", Kind.FORBIDDEN,
				section == null ? "your role does not change client profiles"
						: "your role does not change this part of the profile");
	}

	private byte[] seal(KeyScope key, ClientId client, ProfileSection section, Object value) {
		String column = switch (section) {
			case DEMOGRAPHICS -> "demographics";
			case INSURANCE -> "insurance";
			case RISK_FLAGS -> "risk_flags";
		};
		return cipher.sealText(key, field(column, client), JSON.writeValueAsString(value));
	}

	static Demographics demographics(Demographics given) {
		String preferredName = text(given.preferredName(), 100, "the preferred name");
		String pronouns = text(given.pronouns(), 40, "the pronouns");
		String name = text(given.emergencyContactName(), 200, "the emergency contact's name");
		String relationship = text(given.emergencyContactRelationship(), 60, "the emergency contact's relationship");
		String phone = text(given.emergencyContactPhone(), 40, "the emergency contact's phone");
		if ((name == null) != (phone == null) || relationship != null && name == null) {
			throw new HavenException("RECORDS_PROFILE_EMERGENCY_CONTACT_INCOMPLETE", Kind.BAD_REQUEST,
					"an emergency contact needs both a name and a phone number");
		}
		if (phone != null && (!PHONE.matcher(phone).matches() || phone.replaceAll("[^0-9]", "").length() < 7)) {
			throw new HavenException("RECORDS_PROFILE_PHONE_INVALID", Kind.BAD_REQUEST,
					"the emergency contact's phone must be a phone number (digits, spaces, + ( ) - .)");
		}
		return new Demographics(preferredName, pronouns, name, relationship, phone);
	}

	static Insurance insurance(Insurance given) {
		String payer = text(given.payer(), 200, "the payer");
		String member = text(given.memberId(), 60, "the member id");
		String group = text(given.groupNumber(), 60, "the group number");
		String relation = text(given.subscriberRelation(), 10, "the subscriber relation");
		if (payer == null && member == null && group == null && relation == null) {
			return Insurance.NONE;
		}
		if (payer == null || member == null) {
			throw new HavenException("RECORDS_PROFILE_INSURANCE_INCOMPLETE", Kind.BAD_REQUEST,
					"insurance needs at least the payer and the member id (leave everything empty for self-pay)");
		}
		relation = relation == null ? "SELF" : relation.toUpperCase(Locale.ROOT);
		if (!SUBSCRIBER_RELATIONS.contains(relation)) {
			throw new HavenException("RECORDS_PROFILE_SUBSCRIBER_RELATION_INVALID", Kind.BAD_REQUEST,
					"the subscriber relation must be SELF, SPOUSE, CHILD or OTHER");
		}
		return new Insurance(payer, member, group, relation);
	}

	static List<RiskFlag> riskFlags(List<RiskFlag> given) {
		List<RiskFlag> flags = new ArrayList<>();
		Set<RiskFlag.Kind> seen = EnumSet.noneOf(RiskFlag.Kind.class);
		for (RiskFlag flag : given) {
			if (flag == null || flag.kind() == null) {
				throw new HavenException("RECORDS_PROFILE_RISK_FLAG_INVALID", Kind.BAD_REQUEST,
						"each risk flag needs a kind from the list: " + List.of(RiskFlag.Kind.values()));
			}
			if (!seen.add(flag.kind())) {
				throw new HavenException("RECORDS_PROFILE_RISK_FLAG_REPEATED", Kind.BAD_REQUEST,
						"each kind of risk flag can be raised once");
			}
			flags.add(new RiskFlag(flag.kind(), text(flag.note(), RiskFlag.MAX_NOTE_LENGTH, "a risk flag's note")));
		}
		flags.sort(java.util.Comparator.comparing(RiskFlag::kind));
		return List.copyOf(flags);
	}

	@SuppressWarnings("unchecked")
	private static List<RiskFlag> castFlags(Object flags) {
		return (List<RiskFlag>) flags;
	}

	private static String text(String value, int max, String what) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String stripped = value.strip();
		if (stripped.length() > max) {
			throw new HavenException("RECORDS_PROFILE_VALUE_TOO_LONG", Kind.BAD_REQUEST,
					what + " is limited to " + max + " characters");
		}
		return stripped;
	}

	private static HavenException stale() {
		return new HavenException("RECORDS_PROFILE_STALE", Kind.CONFLICT,
				"someone else changed the profile meanwhile; reload it and make your change again");
	}

	private static FieldRef field(String column, ClientId client) {
		return FieldRef.of(TABLE, column, client.value());
	}

	private record Row(int version, byte[] demographics, byte[] insurance, byte[] riskFlags, Instant writtenAt) {
	}

}
