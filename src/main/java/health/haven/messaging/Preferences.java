package health.haven.messaging;

import java.time.LocalTime;

/**
 * A person's communication preferences. E-mail never carries PHI whatever is chosen: it only says that something new
 * is waiting in Haven.
 *
 * @param emailNotifications an e-mail when a new message is waiting
 * @param portalOnly no e-mail of any kind: everything stays in the portal (overrides {@code emailNotifications})
 * @param quietStart start of the daily quiet hours (no mail in them; it goes when they end), or null for none
 * @param quietEnd end of the quiet hours, or null for none
 * @param zone the time zone the quiet hours are in (an IANA id such as {@code America/Chicago})
 */
public record Preferences(boolean emailNotifications, boolean portalOnly, LocalTime quietStart, LocalTime quietEnd,
		String zone) {

	/** Whether a notice may be e-mailed at all. */
	public boolean mayEmail() {
		return emailNotifications && !portalOnly;
	}

	public boolean hasQuietHours() {
		return quietStart != null && quietEnd != null && !quietStart.equals(quietEnd);
	}

}
