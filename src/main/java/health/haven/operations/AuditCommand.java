package health.haven.operations;

import health.haven.audit.AuditVerification;
import health.haven.operations.internal.AdminDatabase;
import java.util.List;
import java.util.Locale;

/** {@code haven audit verify}: checks the audit chain and its signed checkpoints, one line out, non-zero if bad. */
final class AuditCommand {

	private AuditCommand() {
	}

	static int run(HavenConfig config, List<String> arguments) {
		if (!arguments.equals(List.of("verify"))) {
			System.err.println("haven: usage: haven audit verify");
			return HavenCommandLine.USAGE;
		}
		try (AdminDatabase database = AdminDatabase.open(config)) {
			AuditVerification.Result result = AuditVerification.verify(database.ownerDataSource(), config.dataDir());
			if (result.ok()) {
				System.out.println(String.format(Locale.ROOT,
						"audit: OK entries=%d checkpoints=%d verify_per_s=%.0f", result.entries(), result.checkpoints(),
						result.entriesPerSecond()));
				return HavenCommandLine.OK;
			}
			System.out.println("audit: FAILED first_bad_seq=" + result.firstBadSeq().orElseThrow() + " problem="
					+ result.problem().orElseThrow() + ": " + result.explanation());
			return HavenCommandLine.FAILED;
		}
		catch (IllegalStateException ex) {
			throw new StartupFailure("audit verification could not run: " + ex.getMessage());
		}
	}

}
