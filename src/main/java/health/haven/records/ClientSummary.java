package health.haven.records;

import health.haven.shared.ClientId;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.LocalDate;

/** A client as the registry shows them: demographics only, no clinical content. */
public record ClientSummary(ClientId id, @Phi String name, @Phi LocalDate dateOfBirth, @Phi String state,
		@Phi String contact, String status) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
