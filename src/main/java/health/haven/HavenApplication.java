package health.haven;

import health.haven.operations.HavenCommandLine;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;

/**
 * Haven: virtual Intensive Outpatient Programs with HIPAA compliance built in.
 *
 * <p>The process is always started through {@link HavenCommandLine}: it checks the configuration, prepares the data
 * directory, the database and the TLS certificate before Spring starts, so that a bad setting ends with one clear
 * line instead of a stack trace.
 */
@SpringBootApplication
@Modulithic(systemName = "Haven", sharedModules = "shared")
public class HavenApplication {

	public static void main(String[] args) {
		System.exit(HavenCommandLine.execute(HavenApplication.class, args));
	}
}
