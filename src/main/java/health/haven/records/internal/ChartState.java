package health.haven.records.internal;

import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.tenancy.TenantWork;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether a chart may still change. A discharged client's chart stays readable for as long as records are kept, but
 * nothing is added to it or changed in it: the discharge closes the episode of care the record documents. Every
 * write path of the record calls {@link #requireOpen} after its access decision, so that someone outside the care team
 * learns nothing about the discharge from the answer.
 */
@Component
public class ChartState {

	/** The key under which what a transaction knows of clients' records is bound to it. */
	private static final Object KNOWN = new Object();

	private static final String DISCHARGED = "discharged";

	private final JdbcClient db;

	private final TenantWork work;

	ChartState(JdbcClient db, TenantWork work) {
		this.db = db;
		this.work = work;
	}

	/**
	 * Whether the client is a client of the organization (a record visible under row-level security). What a
	 * transaction learns of a client's record (that it exists, and its status) is remembered until the transaction
	 * ends: a chart summary's parts, each checking the client as when read alone, ask PostgreSQL once. A record is
	 * never deleted, and its status changes only through {@link #dischargedNow}.
	 */
	public boolean exists(OrgId org, ClientId client) {
		return status(org, client).isPresent();
	}

	/** Refuses with RECORDS_CLIENT_DISCHARGED (409) when the client has been discharged. */
	public void requireOpen(OrgId org, ClientId client) {
		if (isDischarged(org, client)) {
			throw discharged();
		}
	}

	/** Whether the client has been discharged; for pages that show a discharged chart's forms as read-only. */
	public boolean isDischarged(OrgId org, ClientId client) {
		return status(org, client).map(DISCHARGED::equals).orElse(false);
	}

	/** The client's record, with this status, was just read in the current transaction (if any). */
	public void seen(OrgId org, ClientId client, String status) {
		Map<Known, String> known = knownInTransaction();
		if (known != null) {
			known.put(new Known(org, client), status);
		}
	}

	/** The client was discharged in the current transaction (if any), which may go on to check the chart. */
	public void dischargedNow(OrgId org, ClientId client) {
		seen(org, client, DISCHARGED);
	}

	private Optional<String> status(OrgId org, ClientId client) {
		Known key = new Known(org, client);
		Map<Known, String> known = knownInTransaction();
		if (known != null && known.containsKey(key)) {
			return Optional.of(known.get(key));
		}
		Optional<String> status = work.reading(org, () -> db.sql("SELECT status FROM records.client WHERE id = ?")
			.param(client.value())
			.query(String.class)
			.optional());
		status.ifPresent(value -> seen(org, client, value));
		return status;
	}

	/** What the current transaction knows of clients' records (status by client); null outside a transaction. */
	@SuppressWarnings("unchecked")
	private static Map<Known, String> knownInTransaction() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		Map<Known, String> known = (Map<Known, String>) TransactionSynchronizationManager.getResource(KNOWN);
		if (known == null) {
			Map<Known, String> fresh = new HashMap<>();
			TransactionSynchronizationManager.bindResource(KNOWN, fresh);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(KNOWN);
				}

			});
			known = fresh;
		}
		return known;
	}

	public static HavenException discharged() {
		return new HavenException("RECORDS_CLIENT_DISCHARGED", Kind.CONFLICT,
				"the client has been discharged: the chart can be read but no longer changed");
	}

	private record Known(OrgId org, ClientId client) {
	}

}
