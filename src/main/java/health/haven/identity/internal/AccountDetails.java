package health.haven.identity.internal;

import health.haven.identity.Accounts;
import health.haven.identity.Role;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Loads an account for sign-in. Only active accounts can sign in; the answer for an unknown e-mail is the same as for
 * a wrong password (Spring hides the difference and hashes a dummy password to even out the timing).
 *
 * <p>The principal's name is the account id, not the e-mail address: it is what Spring Session stores beside each
 * session and what ends up in any log line that names the principal.
 */
@Component
class AccountDetails implements UserDetailsService, UserDetailsPasswordService {

	private final JdbcClient db;

	AccountDetails(JdbcClient db) {
		this.db = db;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		String email = Accounts.normalizeEmail(username == null ? "" : username);
		record Row(UUID id, String passwordHash, String status, java.sql.Timestamp lockedUntil) {
		}
		Row row = db.sql("SELECT id, password_hash, status, locked_until FROM identity.user_account WHERE email = ?")
			.param(email)
			.query(Row.class)
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("unknown account"));
		List<SimpleGrantedAuthority> authorities = db
			.sql("SELECT role FROM identity.user_role WHERE user_id = ? ORDER BY role")
			.param(row.id())
			.query(String.class)
			.list()
			.stream()
			.map(role -> new SimpleGrantedAuthority(Role.valueOf(role).authority()))
			.toList();
		return new SignInAccount(row.id().toString(), row.passwordHash(), "active".equals(row.status()), authorities,
				row.lockedUntil() == null ? null : row.lockedUntil().toInstant());
	}

	/**
	 * Re-hashes a password at sign-in when the stored hash was made with weaker parameters than today's (Spring
	 * calls this after a successful password check, with the new hash).
	 */
	@Override
	public UserDetails updatePassword(UserDetails user, String newPasswordHash) {
		db.sql("UPDATE identity.user_account SET password_hash = ? WHERE id = ?")
			.params(newPasswordHash, UUID.fromString(user.getUsername()))
			.update();
		return User.withUserDetails(user).password(newPasswordHash).build();
	}

}
