package health.haven.records.internal;

import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import health.haven.shared.tenancy.TenantWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether a chart may still change. A discharged client's chart stays readable for as long as records are kept, but
 * nothing is added to it or changed in it: the discharge closes the episode of care the record documents. Every
 * write path of the record calls {@link #requireOpen} after its access decision, so that someone outside the care team
 * learns nothing about the discharge from the answer.
 */
@Component
public class ChartState {

	private final JdbcClient db;

	private final TenantWork work;

	ChartState(JdbcClient db, TenantWork work) {
		this.db = db;
		this.work = work;
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

}
