package health.haven.identity;

import health.haven.shared.UserId;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One license a member of staff holds: where (a two-letter state code), what kind, its number and the last day it is
 * valid. Not PHI: state boards publish licenses.
 */
public record StaffLicense(UUID id, UserId staff, String state, LicenseType type, String number, LocalDate expiresOn) {

	/** Whether the license is valid on that day (the expiry date is its last valid day). */
	public boolean activeOn(LocalDate day) {
		return !expiresOn.isBefore(day);
	}

}
