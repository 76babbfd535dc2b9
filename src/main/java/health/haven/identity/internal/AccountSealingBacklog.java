package health.haven.identity.internal;

import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Seals the e-mail addresses and display names of accounts made before they were sealed (migration V8 left them in
 * {@code identity.account_sealing_backlog}), first thing at start-up, and deletes each backlog row in the same
 * transaction. An empty backlog costs one query.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AccountSealingBacklog implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AccountSealingBacklog.class);

	private final JdbcClient db;

	private final TenantWork work;

	private final AccountIdentity identity;

	AccountSealingBacklog(JdbcClient db, TenantWork work, AccountIdentity identity) {
		this.db = db;
		this.work = work;
		this.identity = identity;
	}

	@Override
	public void run(ApplicationArguments args) {
		record Waiting(UUID userId, UUID orgId, String email, String displayName) {
			@Override
			public String toString() {
				return "Waiting[" + userId + "]";
			}
		}
		List<Waiting> waiting = db.sql("SELECT user_id, org_id, email, display_name FROM identity.account_sealing_backlog")
			.query(Waiting.class)
			.list();
		for (Waiting account : waiting) {
			OrgId org = new OrgId(account.orgId());
			UserId user = new UserId(account.userId());
			work.inTransaction(org, () -> {
				db.sql("UPDATE identity.user_account SET email = ?, display_name = ? WHERE id = ?")
					.params(identity.sealEmail(org, user, account.email()),
							identity.sealDisplayName(org, user, account.displayName()), user.value())
					.update();
				db.sql("UPDATE identity.sign_in_name SET email_index = ? WHERE user_id = ?")
					.params(identity.emailIndex(account.email()), user.value())
					.update();
				db.sql("DELETE FROM identity.account_sealing_backlog WHERE user_id = ?").param(user.value()).update();
			});
		}
		if (!waiting.isEmpty()) {
			log.info("Sealed the e-mail address and display name of {} existing accounts", waiting.size());
		}
	}

}
