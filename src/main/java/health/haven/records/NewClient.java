package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.LocalDate;

/**
 * What it takes to register a client.
 *
 * @param state the two-letter US state of residence (telehealth licensure depends on it)
 * @param contact a phone number or e-mail address, optional
 */
public record NewClient(@Phi String name, @Phi LocalDate dateOfBirth, @Phi String state, @Phi String contact) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
