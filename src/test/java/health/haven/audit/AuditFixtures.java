package health.haven.audit;

import health.haven.shared.ActorRef;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.Purpose;
import health.haven.shared.UserId;
import java.time.Instant;

/** Small builders of audit entries for tests. */
final class AuditFixtures {

	static final OrgId ORG = OrgId.random();

	private AuditFixtures() {
	}

	static ActorRef clinician(UserId user) {
		return ActorRef.user(ORG, user, "CLINICIAN", "s-" + user.value().toString().substring(0, 8), "192.0.2.10");
	}

	static AuditEntry aRead(UserId user, ClientId client) {
		return AuditEntry.of(clinician(user), AuditAction.READ, Purpose.TREATMENT)
			.client(client)
			.resource("ProgressNote", "note-1")
			.detail("route", "records.note")
			.build();
	}

	static AuditEntry aRead(UserId user, ClientId client, Instant at) {
		return AuditEntry.of(clinician(user), AuditAction.READ, Purpose.TREATMENT)
			.client(client)
			.at(at)
			.resource("ProgressNote", "note-1")
			.build();
	}

	static AuditEntry anyEntry(int i) {
		return AuditEntry.of(clinician(new UserId(new java.util.UUID(0, i % 7))), AuditAction.values()[i % 5],
				Purpose.TREATMENT)
			.client(new ClientId(new java.util.UUID(1, i % 11)))
			.resource("ProgressNote", "n" + i)
			.detail("n", Integer.toString(i))
			.build();
	}

}
