package health.haven.identity;

import java.time.LocalDate;

/** A license as an admin enters it; every field is checked by {@link StaffLicenses}. */
public record NewLicense(String state, LicenseType type, String number, LocalDate expiresOn) {
}
