package health.haven.shared.tenancy;

import health.haven.shared.OrgId;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in one transaction for one organization. The organization must be set before the transaction takes its
 * connection, so a call that arrives inside a transaction already running for another organization is refused
 * rather than silently writing under the wrong tenant.
 */
@Component
public class TenantWork {

	private final TransactionTemplate writes;

	private final TransactionTemplate reads;

	TenantWork(PlatformTransactionManager transactions) {
		this.writes = new TransactionTemplate(transactions);
		this.reads = new TransactionTemplate(transactions);
		this.reads.setReadOnly(true);
	}

	public <T> T inTransaction(OrgId org, Supplier<T> work) {
		return run(org, work, writes);
	}

	public void inTransaction(OrgId org, Runnable work) {
		run(org, () -> {
			work.run();
			return null;
		}, writes);
	}

	public <T> T reading(OrgId org, Supplier<T> work) {
		return run(org, work, reads);
	}

	private static <T> T run(OrgId org, Supplier<T> work, TransactionTemplate template) {
		Objects.requireNonNull(org, "org");
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			if (!Tenancy.current().map(org::equals).orElse(false)) {
				throw new IllegalStateException("a transaction for another organization (or none) is already running");
			}
			return work.get();
		}
		return Tenancy.within(org, () -> template.execute(status -> work.get()));
	}

}
