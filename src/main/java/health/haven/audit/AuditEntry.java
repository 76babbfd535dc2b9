package health.haven.audit;

import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One thing to audit: who did what to which resource of which client, why, and how it ended.
 *
 * <p><b>No PHI.</b> Everything here is an id or a code. {@code details} is a small map of ids and codes (at most 16
 * keys; keys {@code [a-z][A-Za-z0-9_.-]*}, values of at most 128 characters from {@code [A-Za-z0-9_.:/+=-]}, so
 * no spaces, no free text, no e-mail addresses); anything else is rejected when the entry is made, because a note
 * excerpt, a name or a search term in the audit trail could never be removed again. The pattern cannot tell a
 * phone or record number from an id: callers put ids there, never identifiers a person gave.
 *
 * @param org the organization the access happened in, if any
 * @param occurredAt when it happened, kept to the microsecond (what PostgreSQL stores, and what is hashed)
 * @param actor who did it
 * @param action what was done
 * @param client the client whose data was touched, if any
 * @param resourceType the kind of resource (e.g. {@code ProgressNote}), if any
 * @param resourceId its id, if any
 * @param purpose why (purpose of use)
 * @param outcome allowed, denied or error
 * @param details further ids and codes (sorted by key)
 */
public record AuditEntry(Optional<OrgId> org, Instant occurredAt, ActorRef actor, AuditAction action,
		Optional<ClientId> client, Optional<String> resourceType, Optional<String> resourceId, Purpose purpose,
		AuditOutcome outcome, Map<String, String> details) {

	static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

	static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:/+=-]{0,128}");

	static final Pattern DETAIL_KEY = Pattern.compile("[a-z][A-Za-z0-9_.-]{0,39}");

	public AuditEntry {
		Objects.requireNonNull(org, "org");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(actor, "actor");
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(client, "client");
		Objects.requireNonNull(resourceType, "resourceType");
		Objects.requireNonNull(resourceId, "resourceId");
		Objects.requireNonNull(purpose, "purpose");
		Objects.requireNonNull(outcome, "outcome");
		occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
		resourceType.ifPresent(type -> require(RESOURCE_TYPE, type, "resource type"));
		resourceId.ifPresent(id -> require(CODE, id, "resource id"));
		require(CODE, actor.role(), "actor role");
		actor.session().ifPresent(session -> require(CODE, session, "session reference"));
		actor.sourceAddress().ifPresent(address -> require(CODE, address, "source address"));
		if (details.size() > 16) {
			throw new IllegalArgumentException("audit details hold at most 16 ids or codes");
		}
		details.forEach((key, value) -> {
			require(DETAIL_KEY, key, "detail key");
			require(CODE, Objects.requireNonNull(value, "detail value"), "detail value");
		});
		details = Map.copyOf(new TreeMap<>(details));
	}

	/** Starts an entry for {@code actor} doing {@code action} now, in the actor's organization. */
	public static Builder of(ActorRef actor, AuditAction action, Purpose purpose) {
		return new Builder(actor, action, purpose);
	}

	/** The details sorted by key (the order in which they are encoded and hashed). */
	public TreeMap<String, String> sortedDetails() {
		return new TreeMap<>(details);
	}

	private static void require(Pattern pattern, String value, String what) {
		if (!pattern.matcher(value).matches()) {
			// The value is not quoted: it may be exactly the PHI this check keeps out.
			throw new IllegalArgumentException("audit " + what + " must be an id or code (no spaces, no free text)");
		}
	}

	/** Builds an entry; the outcome defaults to {@link AuditOutcome#ALLOWED} and the time to now. */
	public static final class Builder {

		private final ActorRef actor;

		private final AuditAction action;

		private final Purpose purpose;

		private Optional<OrgId> org;

		private Instant occurredAt;

		private ClientId client;

		private String resourceType;

		private String resourceId;

		private AuditOutcome outcome = AuditOutcome.ALLOWED;

		private final Map<String, String> details = new TreeMap<>();

		private Builder(ActorRef actor, AuditAction action, Purpose purpose) {
			this.actor = actor;
			this.action = action;
			this.purpose = purpose;
			this.org = actor.org();
		}

		public Builder org(OrgId value) {
			this.org = Optional.ofNullable(value);
			return this;
		}

		public Builder at(Instant value) {
			this.occurredAt = value;
			return this;
		}

		public Builder client(ClientId value) {
			this.client = value;
			return this;
		}

		public Builder resource(String type, String id) {
			this.resourceType = type;
			this.resourceId = id;
			return this;
		}

		public Builder outcome(AuditOutcome value) {
			this.outcome = value;
			return this;
		}

		public Builder detail(String key, String value) {
			this.details.put(key, value);
			return this;
		}

		public AuditEntry build() {
			return new AuditEntry(org, occurredAt != null ? occurredAt : Instant.now(), actor, action,
					Optional.ofNullable(client), Optional.ofNullable(resourceType), Optional.ofNullable(resourceId),
					purpose, outcome, details);
		}

	}

}
