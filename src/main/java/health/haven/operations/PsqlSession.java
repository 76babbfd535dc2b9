package health.haven.operations;

import health.haven.operations.internal.DatabaseAccess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the PostgreSQL client on Haven's database as the owner role, with this process's standard streams, so that
 * operators can work interactively or pipe SQL in.
 */
final class PsqlSession {

	private PsqlSession() {
	}

	static int open(DatabaseAccess access, List<String> extraArguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add("psql");
		command.add("--no-psqlrc");
		command.add("--set=ON_ERROR_STOP=1");
		command.add("--username=" + access.ownerUser());
		command.addAll(extraArguments);
		command.add(access.url().replaceFirst("^jdbc:", ""));
		ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
		builder.environment().put("PGPASSWORD", access.ownerPassword());
		builder.environment().put("PGAPPNAME", "haven-psql");
		Process process = builder.start();
		try {
			return process.waitFor();
		}
		catch (InterruptedException ex) {
			process.destroy();
			Thread.currentThread().interrupt();
			return HavenCommandLine.FAILED;
		}
	}

}
