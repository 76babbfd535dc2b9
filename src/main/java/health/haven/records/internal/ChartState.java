package health.haven.records.internal;

import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.tenancy.TenantWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import java.util.HashSet;
import java.util.Set;
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

	/** The key under which a transaction's known clients are bound to it. */
	private static final Object KNOWN = new Object();

	private final JdbcClient db;

	private final TenantWork work;

	ChartState(JdbcClient db, TenantWork work) {
		this.db = db;
		this.work = work;
	}

	/**
	 * Whether the client is a client of the organization (a record visible under row-level security). A record is never
	 * deleted, so once seen in a transaction it is remembered until that transaction ends: a chart summary's parts,
	 * each checking the client as when read alone, ask PostgreSQL once.
	 */
	public boolean exists(OrgId org, ClientId client) {
		Known key = new Known(org, client);
		Set<Known> known = knownInTransaction();
		if (known != null && known.contains(key)) {
			return true;
		}
		boolean exists = work.reading(org, () -> db.sql("SELECT count(*) FROM records.client WHERE id = ?")
			.param(client.value())
			.query(Long.class)
			.single() > 0);
		if (exists) {
			seen(org, client);
		}
		return exists;
	}

	/** The client's record was just read in the current transaction (if any): {@link #exists} need not ask again. */
	public void seen(OrgId org, ClientId client) {
		Set<Known> known = knownInTransaction();
		if (known != null) {
			known.add(new Known(org, client));
		}
	}

	/** The clients known to exist in the current transaction; null outside one. */
	@SuppressWarnings("unchecked")
	private static Set<Known> knownInTransaction() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		Set<Known> known = (Set<Known>) TransactionSynchronizationManager.getResource(KNOWN);
		if (known == null) {
			Set<Known> fresh = new HashSet<>();
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

	/** Refuses with RECORDS_CLIENT_DISCHARGED (409) when the client has been discharged. */
	public void requireOpen(OrgId org, ClientId client) {
		if (isDischarged(org, client)) {
			throw discharged();
		}
	}

	/** Whether the client has been discharged; for pages that show a discharged chart's forms as read-only. */
	public boolean isDischarged(OrgId org, ClientId client) {
		return work.reading(org, () -> db
			.sql("SELECT count(*) FROM records.client WHERE id = ? AND status = 'discharged'")
			.param(client.value())
			.query(Long.class)
			.single() > 0);
	}

	public static HavenException discharged() {
		return new HavenException("RECORDS_CLIENT_DISCHARGED", Kind.CONFLICT,
				"the client has been discharged: the chart can be read but no longer changed");
	}

	private record Known(OrgId org, ClientId client) {
	}

}
