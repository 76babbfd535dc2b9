package health.haven.audit.internal;

import health.haven.audit.AuditAction;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditOutcome;
import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An entry's hashed fields in their stored form: ids as lower-case text, time as microseconds since the epoch,
 * enums by name, details as {@code key=value;key=value} sorted by key. Exactly what the columns of
 * {@code audit.entry} hold, so that the verifier can hash straight from a result set.
 */
public record ChainRow(String entryId, String org, long micros, String actorUser, String actorRole,
		String actorSession, String sourceAddress, String action, String client, String resourceType,
		String resourceId, String purpose, String outcome, String details) {

	/** The hashed columns, in the order {@link #of(java.sql.ResultSet, int)} reads them. */
	public static final String COLUMNS = "entry_id::text, org_id::text, "
			+ "(extract(epoch FROM occurred_at) * 1000000)::bigint, actor_user::text, actor_role, actor_session, "
			+ "source_address, action, client_id::text, resource_type, resource_id, purpose, outcome, details";

	public static ChainRow of(UUID id, AuditEntry entry) {
		Instant at = entry.occurredAt();
		long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
		return new ChainRow(id.toString(), entry.org().map(OrgId::toString).orElse(null), micros,
				entry.actor().user().map(UserId::toString).orElse(null), entry.actor().role(),
				entry.actor().session().orElse(null), entry.actor().sourceAddress().orElse(null), entry.action().name(),
				entry.client().map(ClientId::toString).orElse(null), entry.resourceType().orElse(null),
				entry.resourceId().orElse(null), entry.purpose().name(), entry.outcome().name(),
				encodeDetails(entry.sortedDetails()));
	}

	/** Reads the {@link #COLUMNS} starting at column {@code first}. */
	public static ChainRow of(java.sql.ResultSet rs, int first) throws java.sql.SQLException {
		int c = first;
		return new ChainRow(rs.getString(c), rs.getString(c + 1), rs.getLong(c + 2), rs.getString(c + 3),
				rs.getString(c + 4), rs.getString(c + 5), rs.getString(c + 6), rs.getString(c + 7), rs.getString(c + 8),
				rs.getString(c + 9), rs.getString(c + 10), rs.getString(c + 11), rs.getString(c + 12),
				rs.getString(c + 13));
	}

	public Instant occurredAt() {
		return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
	}

	public AuditEntry toEntry() {
		ActorRef actor = new ActorRef(Optional.ofNullable(org).map(UUID::fromString).map(OrgId::new),
				Optional.ofNullable(actorUser).map(UUID::fromString).map(UserId::new), actorRole,
				Optional.ofNullable(actorSession), Optional.ofNullable(sourceAddress));
		return new AuditEntry(Optional.ofNullable(org).map(UUID::fromString).map(OrgId::new), occurredAt(), actor,
				AuditAction.valueOf(action), Optional.ofNullable(client).map(UUID::fromString).map(ClientId::new),
				Optional.ofNullable(resourceType), Optional.ofNullable(resourceId), Purpose.valueOf(purpose),
				AuditOutcome.valueOf(outcome), decodeDetails(details));
	}

	static String encodeDetails(TreeMap<String, String> details) {
		StringBuilder text = new StringBuilder();
		details.forEach((key, value) -> {
			if (!text.isEmpty()) {
				text.append(';');
			}
			text.append(key).append('=').append(value);
		});
		return text.toString();
	}

	static Map<String, String> decodeDetails(String text) {
		Map<String, String> details = new TreeMap<>();
		if (text != null && !text.isEmpty()) {
			for (String pair : text.split(";")) {
				int equals = pair.indexOf('=');
				details.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
		}
		return details;
	}

}
