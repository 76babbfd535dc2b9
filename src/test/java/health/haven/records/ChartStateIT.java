package health.haven.records;

import static org.assertj.core.api.Assertions.assertThat;

import health.haven.records.internal.ChartState;
import health.haven.shared.ClientId;
import health.haven.shared.tenancy.TenantWork;
import health.haven.support.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Whether a client exists, and its status, is asked of PostgreSQL once per transaction (a chart summary's parts each
 * check it), and what one transaction learned is gone when it ends: nothing is remembered across transactions or
 * organizations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartStateIT {

	final TestServer server = TestServer.get();

	final ChartState state = server.bean(ChartState.class);

	final TenantWork work = server.bean(TenantWork.class);

	ChartClinic clinic;

	ChartClinic otherClinic;

	ClientId client;

	@BeforeAll
	void clinics() {
		clinic = new ChartClinic(server);
		otherClinic = new ChartClinic(server);
		client = clinic.newClient();
	}

	@Test
	void aClientExistsInItsOwnOrganizationOnly() {
		assertThat(state.exists(clinic.org, client)).isTrue();
		assertThat(state.exists(otherClinic.org, client)).as("row-level security").isFalse();
		assertThat(state.exists(clinic.org, new ClientId(UUID.randomUUID()))).isFalse();
	}

	@Test
	void whatATransactionLearnedIsRememberedUntilItEndsAndNoLonger() {
		ClientId neverRegistered = new ClientId(UUID.randomUUID());
		boolean inside = work.reading(clinic.org, () -> {
			assertThat(state.exists(clinic.org, neverRegistered)).as("an unknown client is not remembered").isFalse();
			// Marked as seen (as when its row was just read): the transaction no longer asks PostgreSQL.
			state.seen(clinic.org, neverRegistered, "active");
			return state.exists(clinic.org, neverRegistered);
		});
		assertThat(inside).isTrue();
		assertThat(state.exists(clinic.org, neverRegistered)).as("outside the transaction PostgreSQL is asked").isFalse();
		assertThat(work.reading(clinic.org, () -> state.exists(clinic.org, neverRegistered)))
			.as("a later transaction starts afresh").isFalse();
	}

	@Test
	void aDischargeInTheTransactionIsWhatTheRestOfItSees() {
		boolean[] seen = work.reading(clinic.org, () -> {
			boolean before = state.isDischarged(clinic.org, client);
			state.dischargedNow(clinic.org, client);
			return new boolean[] { before, state.isDischarged(clinic.org, client), state.exists(clinic.org, client) };
		});
		assertThat(seen).containsExactly(false, true, true);
		assertThat(state.isDischarged(clinic.org, client)).as("nothing was written: PostgreSQL says active").isFalse();
	}

	@Test
	void outsideATransactionNothingIsRemembered() {
		ClientId neverRegistered = new ClientId(UUID.randomUUID());
		state.seen(clinic.org, neverRegistered, "active");
		assertThat(state.exists(clinic.org, neverRegistered)).isFalse();
		assertThat(state.exists(clinic.org, client)).isTrue();
	}

}
