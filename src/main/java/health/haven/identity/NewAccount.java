package health.haven.identity;

import health.haven.shared.OrgId;
import java.util.Set;

/**
 * What it takes to open an account. The password is checked and hashed on the way in and never kept.
 */
public record NewAccount(OrgId org, String email, String displayName, String password, Set<Role> roles) {

	@Override
	public String toString() {
		return "NewAccount[org=" + org + ", roles=" + roles + "]";
	}

}
