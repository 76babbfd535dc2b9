package health.haven.identity.internal;

import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.Tenancy;
import health.haven.shared.tenancy.TenantWork;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The device a session was signed in from, and the devices each account has used before. A sign-in from a device
 * and address the account has never used leaves a notice for its owner until they dismiss it: the owner is the one
 * who can tell a stolen password from a new laptop.
 */
@Component
class SignInDevices {

	/** Session attribute: the browser and system, e.g. "Firefox on Linux". */
	static final String DEVICE = "haven.device";

	/** Session attribute: the address the sign-in came from. */
	static final String ADDRESS = "haven.sourceAddress";

	private static final String CHECKED = "haven.deviceChecked";

	private final JdbcClient db;

	private final TenantWork work;

	SignInDevices(JdbcClient db, TenantWork work) {
		this.db = db;
		this.work = work;
	}

	record Notice(UUID id, String device, String sourceAddress, Instant at) {

		/** Times are shown in UTC until organizations have a time zone of their own. */
		public String shownAt() {
			return SHOWN.format(at);
		}

	}

	static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

	@EventListener
	void signedIn(InteractiveAuthenticationSuccessEvent event) {
		Authentication authentication = event.getAuthentication();
		if (!(authentication.getPrincipal() instanceof SignInAccount account)
				|| !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return;
		}
		HttpServletRequest request = attributes.getRequest();
		HttpSession session = request.getSession(false);
		if (session == null) {
			return;
		}
		String device = describe(request.getHeader("User-Agent"));
		String address = String.valueOf(request.getRemoteAddr());
		session.setAttribute(DEVICE, device);
		session.setAttribute(ADDRESS, address);
		// Only a finished sign-in counts: someone who knows the password but not the second factor must not be able
		// to make their device "known" and so silence the notice for a later, complete sign-in.
		if (complete(authentication) && session.getAttribute(CHECKED) == null) {
			session.setAttribute(CHECKED, Boolean.TRUE);
			remember(account.org(), account.user(), device, address);
		}
	}

	void remember(OrgId org, UserId user, String device, String address) {
		work.inTransaction(org, () -> {
			boolean firstEver = db.sql("SELECT count(*) FROM identity.known_device WHERE user_id = ?")
				.param(user.value())
				.query(Long.class)
				.single() == 0;
			Instant now = Instant.now();
			// An account's very first device is not news to its owner.
			db.sql("""
					INSERT INTO identity.known_device (id, org_id, user_id, device, source_address, first_seen_at,
					                                   notice_dismissed_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (user_id, device, source_address) DO NOTHING""")
				.params(UUID.randomUUID(), org.value(), user.value(), device, address, java.sql.Timestamp.from(now),
						firstEver ? java.sql.Timestamp.from(now) : null)
				.update();
		});
	}

	List<Notice> notices(OrgId org, UserId user) {
		return Tenancy.within(org, () -> db.sql("""
				SELECT id, device, source_address, first_seen_at FROM identity.known_device
				WHERE user_id = ? AND notice_dismissed_at IS NULL ORDER BY first_seen_at DESC""")
			.param(user.value())
			.query((rs, n) -> new Notice(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant()))
			.list());
	}

	boolean dismiss(OrgId org, UserId user, UUID notice) {
		return work.inTransaction(org, () -> db.sql("""
				UPDATE identity.known_device SET notice_dismissed_at = now()
				WHERE id = ? AND user_id = ? AND notice_dismissed_at IS NULL""")
			.params(notice, user.value())
			.update() == 1);
	}

	/** A short description a person recognises; versions are left out so that an update is not a "new device". */
	static String describe(String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return "Unknown browser";
		}
		String ua = userAgent.toLowerCase(Locale.ROOT);
		String browser;
		if (ua.contains("edg/")) {
			browser = "Edge";
		}
		else if (ua.contains("firefox/") || ua.contains("fxios/")) {
			browser = "Firefox";
		}
		else if (ua.contains("chrome/") || ua.contains("crios/") || ua.contains("chromium/")) {
			browser = "Chrome";
		}
		else if (ua.contains("safari/")) {
			browser = "Safari";
		}
		else if (ua.contains("java-http-client")) {
			browser = "Java client";
		}
		else {
			browser = "Other browser";
		}
		String system;
		if (ua.contains("iphone") || ua.contains("ipad")) {
			system = "iOS";
		}
		else if (ua.contains("android")) {
			system = "Android";
		}
		else if (ua.contains("windows")) {
			system = "Windows";
		}
		else if (ua.contains("mac os x") || ua.contains("macintosh")) {
			system = "macOS";
		}
		else if (ua.contains("cros")) {
			system = "ChromeOS";
		}
		else if (ua.contains("linux")) {
			system = "Linux";
		}
		else {
			return browser;
		}
		return browser + " on " + system;
	}

	/** Both steps done (or a second step not needed for this account). */
	static boolean complete(Authentication authentication) {
		return !SecondFactor.required(authentication) || SignInRules.hasFactor(authentication, SecondFactor.TOTP)
				|| SignInRules.hasFactor(authentication, FactorGrantedAuthority.WEBAUTHN_AUTHORITY);
	}

}
