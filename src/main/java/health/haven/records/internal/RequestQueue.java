package health.haven.records.internal;

import health.haven.audit.AuditAction;
import health.haven.consent.AccessDecisions;
import health.haven.consent.DataCategory;
import health.haven.identity.Actor;
import health.haven.shared.ClientId;
import health.haven.shared.Purpose;
import health.haven.shared.tenancy.TenantWork;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The staff queue of a kind of client request (copies of the record, amendments): the open requests of the clients in
 * the actor's care, soonest due first, each decided and audited as a read of general clinical data before it is
 * opened, those the actor may not read left out.
 *
 * @param <R> a stored request as its table holds it (still sealed)
 */
public final class RequestQueue<R> {

	private final String table;

	private final String openCondition;

	private final BiFunction<String, Object[], List<R>> rows;

	private final Function<R, ClientId> client;

	private final Function<R, UUID> id;

	/**
	 * @param table the requests' table in {@code records}, also the audited resource
	 * @param openCondition the SQL condition of an open request, e.g. {@code status = 'OPEN'}
	 * @param rows reads the table's rows with a {@code WHERE ...} clause and its parameters
	 */
	public RequestQueue(String table, String openCondition, BiFunction<String, Object[], List<R>> rows,
			Function<R, ClientId> client, Function<R, UUID> id) {
		this.table = table;
		this.openCondition = openCondition;
		this.rows = rows;
		this.client = client;
		this.id = id;
	}

	/** The open requests the actor may read, soonest due first, each audited as read. */
	public List<R> openFor(Actor actor, AccessDecisions decisions, TenantWork work) {
		AccessDecisions.Scope scope = decisions.scope(actor, DataCategory.GENERAL, Purpose.TREATMENT);
		if (!scope.wholeOrganization() && scope.clients().isEmpty()) {
			return List.of();
		}
		List<R> open = work.reading(actor.org(), () -> scope.wholeOrganization()
				? rows.apply("WHERE " + openCondition + " ORDER BY due_at, id", new Object[0])
				: rows.apply("WHERE " + openCondition + " AND client_id = ANY (?) ORDER BY due_at, id",
						new Object[] { scope.clients().stream().map(ClientId::value).toArray(UUID[]::new) }));
		List<R> visible = new ArrayList<>();
		for (R row : open) {
			ClientId whose = client.apply(row);
			if (decisions.decide(actor, actor.org(), whose, DataCategory.GENERAL, Purpose.TREATMENT).permitted()) {
				decisions.enforce(actor, actor.org(), whose, DataCategory.GENERAL, Purpose.TREATMENT, AuditAction.READ,
						table, id.apply(row).toString());
				visible.add(row);
			}
		}
		return visible;
	}

}
