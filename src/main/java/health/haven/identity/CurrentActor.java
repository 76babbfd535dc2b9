package health.haven.identity;

import health.haven.identity.internal.SignInAccount;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who is acting in the current request, from the security context. Module APIs take an {@link Actor} argument rather
 * than calling this, so that they can be used (and tested) outside a request; web controllers call it.
 */
public final class CurrentActor {

	private CurrentActor() {
	}

	public static Optional<Actor> get() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof SignInAccount account)) {
			return Optional.empty();
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null && name.startsWith("ROLE_")) {
				roles.add(Role.valueOf(name.substring(5)));
			}
		}
		String session = null;
		String address = null;
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			HttpSession current = request.getSession(false);
			session = current == null ? null : digest(current.getId());
			address = request.getRemoteAddr();
		}
		return Optional.of(new Actor(account.org(), account.user(), roles, session, address));
	}

	public static Actor require() {
		return get().orElseThrow(() -> new HavenException("IDENTITY_NOT_SIGNED_IN", Kind.UNAUTHENTICATED,
				"sign in to continue"));
	}

	/** A short, stable name for a session that cannot be used to take it over. */
	public static String digest(String sessionId) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
