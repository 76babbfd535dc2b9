package health.haven.operations.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Before Spring configures logging (plain text or JSON), and in admin subcommands whose standard output may be
 * piped into a script, only warnings are worth printing: the embedded database's and Flyway's progress lines would
 * otherwise appear in a format the operator did not choose, or in the middle of a query's output.
 */
public final class QuietStart {

	private QuietStart() {
	}

	public static void apply() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			for (String name : new String[] { "io.zonky", "org.flywaydb", "org.postgresql" }) {
				context.getLogger(name).setLevel(Level.WARN);
			}
		}
	}

}
