package health.haven.shared.tenancy;

import health.haven.shared.OrgId;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The organization the current thread works for. Every connection Haven takes from its pool carries it to PostgreSQL
 * as the setting {@code haven.org_id}, which the row-level security policies of every tenant-owned table compare
 * with the row's {@code org_id}: with no organization set, those tables look empty and refuse writes.
 *
 * <p>Set it before a transaction starts (the web layer does so for each signed-in request): a connection already
 * bound to a transaction keeps the organization it was taken with.
 */
public final class Tenancy {

	private static final ThreadLocal<OrgId> CURRENT = new ThreadLocal<>();

	private Tenancy() {
	}

	public static Optional<OrgId> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/** Runs work for one organization and restores whatever was set before. */
	public static <T> T within(OrgId org, Supplier<T> work) {
		OrgId previous = CURRENT.get();
		CURRENT.set(org);
		try {
			return work.get();
		}
		finally {
			restore(previous);
		}
	}

	public static void run(OrgId org, Runnable work) {
		within(org, () -> {
			work.run();
			return null;
		});
	}

	/** For a filter that sets the organization for the length of one request; pair with {@link #clear()}. */
	public static void enter(OrgId org) {
		CURRENT.set(org);
	}

	public static void clear() {
		CURRENT.remove();
	}

	private static void restore(OrgId previous) {
		if (previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(previous);
		}
	}

}
