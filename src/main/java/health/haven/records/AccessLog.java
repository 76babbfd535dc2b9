package health.haven.records;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.audit.AuditPageRequest;
import health.haven.audit.AuditQueries;
import health.haven.audit.AuditRecord;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.OrganizationSettings;
import health.haven.identity.Role;
import health.haven.shared.ClientId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * "Who viewed my record" (DESIGN.md capability 4): every access to the client's record that the audit trail holds,
 * with when, the member of staff (their role, and their name unless the organization shows roles only), what was
 * touched, why, and whether it was emergency (break-glass) access. Reading the log is itself an access to the record
 * and is decided and audited before the entries are returned.
 *
 * <p>What is left out, and why: refusals (nothing was seen; the privacy officer reviews those), system processes (key
 * rotation, the demo seeder) and accesses that touched no client data. The client's own portal use is listed as "you".
 * Staff names come through identity's public API only.
 *
 * <p>Accounting of disclosures (45 CFR 164.528, PT2-AOD-01): disclosures outside Haven will be recorded as
 * {@link AuditAction#DISCLOSE} entries by the release-of-information workflow, which does not exist yet, so none are
 * recorded today. When it lands, those entries appear here under their own heading with recipient and purpose, six
 * years back; this class already recognises the action.
 */
@Service
public class AccessLog {

	/** The look-back of an accounting of disclosures (six years), which the access log shares. */
	public static final Duration LOOK_BACK = Duration.ofDays(6 * 366);

	/** At most this many entries on one page, newest first. */
	public static final int PAGE = 500;

	private final AuditQueries queries;

	private final AccessDecisions decisions;

	private final ChartAccess access;

	private final Accounts accounts;

	private final OrganizationSettings settings;

	AccessLog(AuditQueries queries, AccessDecisions decisions, ChartAccess access, Accounts accounts,
			OrganizationSettings settings) {
		this.queries = queries;
		this.decisions = decisions;
		this.access = access;
		this.accounts = accounts;
		this.settings = settings;
	}

	/**
	 * The accesses to the client's record, newest first: for the client themself only (the purpose is the patient's
	 * own request, which only the client's own account is granted). Anyone else is refused as by every other read.
	 */
	public List<AccessLogEntry> of(Actor actor, ClientId client) {
		access.requireClient(actor, client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST, AuditAction.READ,
				"access_log");
		decisions.enforce(actor, actor.org(), client, DataCategory.GENERAL, Purpose.PATIENT_REQUEST, AuditAction.READ,
				"access_log", client.toString());
		Instant now = Instant.now();
		List<AuditRecord> records = queries
			.accessesToClient(actor.org(), client, now.minus(LOOK_BACK), now.plusSeconds(1),
					AuditPageRequest.first(PAGE))
			.entries()
			.stream()
			.filter(record -> shown(record.entry()))
			.toList();
		boolean names = settings.of(actor.org()).accessLogShowsNames();
		Set<UserId> staff = records.stream()
			.map(record -> record.entry().actor().user().orElseThrow())
			.filter(user -> !user.equals(actor.user()))
			.collect(Collectors.toSet());
		Map<UserId, String> displayNames = names ? accounts.displayNames(actor.org(), staff) : Map.of();
		return records.stream().map(record -> {
			AuditEntry entry = record.entry();
			UserId who = entry.actor().user().orElseThrow();
			boolean you = who.equals(actor.user());
			return new AccessLogEntry(entry.occurredAt(), you, you ? "You" : roles(entry.actor().role()),
					you ? null : displayNames.get(who), action(entry.action()),
					what(entry.resourceType().orElse("")), purpose(entry.purpose()),
					"true".equals(entry.details().get("breakGlass")) || entry.purpose() == Purpose.EMERGENCY);
		}).toList();
	}

	/** Allowed accesses by a person; refusals, system processes and sign-in events are not accesses to the record. */
	static boolean shown(AuditEntry entry) {
		return entry.outcome() == AuditOutcome.ALLOWED && entry.actor().user().isPresent()
				&& entry.client().isPresent() && entry.action() != AuditAction.PERMISSION_CHANGED;
	}

	/** "CLINICIAN+PROGRAM_DIRECTOR" as the audit trail stores it, in words. */
	static String roles(String stored) {
		return Arrays.stream(stored.split("\\+")).map(name -> {
			try {
				return Role.valueOf(name).label();
			}
			catch (IllegalArgumentException ex) {
				return "Staff";
			}
		}).sorted().collect(Collectors.joining(", "));
	}

	static String action(AuditAction action) {
		return switch (action) {
			case READ -> "Viewed";
			case CREATE -> "Added";
			case UPDATE -> "Changed";
			case VOID, DELETE -> "Removed";
			case EXPORT -> "Exported";
			case PRINT -> "Printed";
			case DISCLOSE -> "Disclosed";
			case BREAK_GLASS -> "Started emergency access";
			default -> "Used";
		};
	}

	/** The resource types records, consent and scheduling write, in the client's words; anything else generically. */
	static String what(String resourceType) {
		String type = resourceType.toLowerCase(Locale.ROOT).replace('-', '_');
		if (type.startsWith("progress_note") || type.startsWith("group_note")) {
			return "Progress notes";
		}
		if (type.startsWith("intake")) {
			return "Intake assessment";
		}
		if (type.startsWith("treatment_plan")) {
			return "Treatment plan";
		}
		if (type.startsWith("measure") || type.startsWith("safety_task")) {
			return "Questionnaires (PHQ-9, GAD-7)";
		}
		if (type.startsWith("document")) {
			return "Documents";
		}
		if (type.startsWith("amendment")) {
			return "Amendment requests";
		}
		if (type.startsWith("access_request") || type.equals("record_copy")) {
			return "Copy of your record";
		}
		if (type.equals("access_log")) {
			return "Who viewed your record";
		}
		return switch (type) {
			case "client", "client_search" -> "Name and contact details";
			case "client_profile", "profile" -> "Profile";
			case "diagnosis", "diagnoses" -> "Diagnoses";
			case "medications" -> "Medications and allergies";
			case "chart_summary" -> "Chart summary";
			case "discharge" -> "Discharge";
			case "break_glass" -> "Emergency access";
			case "consent", "consent_signature" -> "Consents";
			case "enrollment" -> "Program enrollment";
			default -> "Your record";
		};
	}

	static String purpose(Purpose purpose) {
		return switch (purpose) {
			case TREATMENT -> "Treatment";
			case PAYMENT -> "Payment";
			case OPERATIONS -> "Running the program";
			case PATIENT_REQUEST -> "Your own request";
			case EMERGENCY -> "Emergency";
			case COMPLIANCE -> "Compliance review";
			case LEGAL -> "Legal";
			case SYSTEM -> "System";
		};
	}

}
