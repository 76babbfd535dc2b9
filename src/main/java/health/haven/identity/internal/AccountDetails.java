package health.haven.identity.internal;

import health.haven.identity.Role;
import health.haven.shared.tenancy.Tenancy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.GrantedAuthority;
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
 *
 * <p>Besides the roles, the account carries {@link SecondFactor#REQUIRED} when a password alone must not be enough:
 * for every member of staff, for anyone who has enrolled a second factor, and for clients of an organization that
 * requires one.
 */
@Component
class AccountDetails implements UserDetailsService, UserDetailsPasswordService {

	private final JdbcClient db;

	private final SignInNames names;

	AccountDetails(JdbcClient db, SignInNames names) {
		this.db = db;
		this.names = names;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		SignInNames.Account known = names.byEmail(username)
			.orElseThrow(() -> new UsernameNotFoundException("unknown account"));
		return Tenancy.within(known.org(), () -> load(known));
	}

	/**
	 * The account for a passkey sign-in, whose WebAuthn user name is the account id. Deliberately not part of
	 * {@link #loadUserByUsername}: the password form must keep taking e-mail addresses only.
	 */
	Optional<SignInAccount> loadByAccountId(String accountId) {
		return names.byPrincipalName(accountId).flatMap(known -> {
			try {
				return Optional.of(Tenancy.within(known.org(), () -> load(known)));
			}
			catch (UsernameNotFoundException ex) {
				return Optional.empty();
			}
		});
	}

	private SignInAccount load(SignInNames.Account known) {
		record Row(String passwordHash, String status, java.sql.Timestamp lockedUntil, boolean totp,
				boolean clientsRequireMfa) {
		}
		Row row = db.sql("""
				SELECT a.password_hash, a.status, a.locked_until,
				       EXISTS (SELECT 1 FROM identity.totp_factor t WHERE t.user_id = a.id AND t.confirmed_at IS NOT NULL)
				           AS totp,
				       o.clients_require_mfa
				FROM identity.user_account a JOIN identity.organization o ON o.id = a.org_id
				WHERE a.id = ?""")
			.param(known.user().value())
			.query(Row.class)
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("unknown account"));
		List<Role> roles = db.sql("SELECT role FROM identity.user_role WHERE user_id = ? ORDER BY role")
			.param(known.user().value())
			.query(String.class)
			.list()
			.stream()
			.map(Role::valueOf)
			.toList();
		List<GrantedAuthority> authorities = new ArrayList<>();
		roles.forEach(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
		boolean staff = roles.stream().anyMatch(role -> role != Role.CLIENT);
		if (staff || row.totp() || row.clientsRequireMfa()) {
			authorities.add(new SimpleGrantedAuthority(SecondFactor.REQUIRED));
		}
		return new SignInAccount(known.user().toString(), known.org(), row.passwordHash(),
				"active".equals(row.status()), authorities,
				row.lockedUntil() == null ? null : row.lockedUntil().toInstant());
	}

	/**
	 * Re-hashes a password at sign-in when the stored hash was made with weaker parameters than today's (Spring
	 * calls this after a successful password check, with the new hash).
	 */
	@Override
	public UserDetails updatePassword(UserDetails user, String newPasswordHash) {
		if (!(user instanceof SignInAccount account)) {
			return User.withUserDetails(user).password(newPasswordHash).build();
		}
		Tenancy.run(account.org(), () -> db.sql("UPDATE identity.user_account SET password_hash = ? WHERE id = ?")
			.params(newPasswordHash, UUID.fromString(user.getUsername()))
			.update());
		return account.withPasswordHash(newPasswordHash);
	}

}
