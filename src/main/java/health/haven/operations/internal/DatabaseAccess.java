package health.haven.operations.internal;

/**
 * How Haven reaches its database: migrations run as the owner; the application connects as a role that owns nothing
 * and holds only the grants each module's migrations give it, which is what makes row-level security and the
 * append-only audit table hold.
 */
public record DatabaseAccess(String url, String ownerUser, String ownerPassword, String appUser, String appPassword) {

	@Override
	public String toString() {
		return "DatabaseAccess[" + url + ", owner=" + ownerUser + ", app=" + appUser + "]";
	}

}
