package health.haven.operations;

import health.haven.operations.internal.AdminDatabase;
import health.haven.operations.internal.KeyCommands;
import health.haven.operations.internal.QuietStart;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code haven} command line: {@code run [--demo]}, {@code psql}, {@code audit verify}, and the admin subcommands later modules add.
 * Every failure ends with one line on standard error and a non-zero exit code.
 */
public final class HavenCommandLine {

	static final int OK = 0;

	static final int FAILED = 1;

	static final int USAGE = 2;

	private HavenCommandLine() {
	}

	public static int execute(Class<?> application, String[] args) {
		return execute(application, args, System.getenv());
	}

	static int execute(Class<?> application, String[] args, Map<String, String> env) {
		List<String> arguments = Arrays.asList(args);
		String command = arguments.isEmpty() ? "run" : arguments.get(0);
		List<String> rest = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
		QuietStart.apply();
		try {
			return switch (command) {
				case "run" -> run(application, HavenConfig.fromEnvironment(env, rest.contains("--demo")), rest);
				case "psql" -> psql(HavenConfig.fromEnvironment(env, false), rest);
				case "keys" -> KeyCommands.run(HavenConfig.fromEnvironment(env, false), env, rest, System.out, System.err);
				case "audit" -> AuditCommand.run(HavenConfig.fromEnvironment(env, false), rest);
				case "help", "--help", "-h" -> usage(OK);
				default -> {
					System.err.println("haven: unknown command '" + command + "'");
					yield usage(USAGE);
				}
			};
		}
		catch (StartupFailure failure) {
			System.err.println("haven: " + failure.getMessage());
			return FAILED;
		}
	}

	private static int run(Class<?> application, HavenConfig config, List<String> options) {
		for (String option : options) {
			if (!option.equals("--demo") && !option.equals("--exit-when-ready")) {
				System.err.println("haven: unknown option '" + option + "' for run");
				return USAGE;
			}
		}
		if (config.demo() && !config.loopbackOnly()) {
			System.err.println("haven: --demo is ignored: demo data is only seeded when HAVEN_BIND is a loopback address");
		}
		RunningHaven haven = HavenLauncher.start(application, config);
		if (options.contains("--exit-when-ready")) {
			// Start-up smoke checks and the class-data-sharing training run of ./haven build.
			haven.close();
			return OK;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			haven.close();
			stopped.countDown();
		}, "haven-shutdown"));
		String host = config.loopbackOnly() ? "localhost" : config.bindAddress();
		System.out.println("Haven is running at https://" + host + ":" + haven.port() + "/");
		if (config.demo() && config.loopbackOnly()) {
			System.out.println("Demo accounts: " + config.dataFile("demo-credentials.json"));
		}
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return OK;
	}

	/** Opens psql on Haven's database as its owner, with standard input and output passed through. */
	private static int psql(HavenConfig config, List<String> psqlArguments) {
		try (AdminDatabase database = AdminDatabase.open(config)) {
			return PsqlSession.open(database.access(), psqlArguments);
		}
		catch (IOException ex) {
			throw new StartupFailure("psql could not be started: " + ex.getMessage()
					+ " (install the PostgreSQL client, e.g. 'apt-get install postgresql-client')");
		}
	}

	private static int usage(int code) {
		(code == OK ? System.out : System.err).println("""
				usage: haven <command>
				  run [--demo]   start Haven (the default); --demo seeds a demo organization on a loopback bind;
				                 --exit-when-ready stops again as soon as Haven has started (smoke checks)
				  psql [args]    open psql on Haven's database as its owner (standard input is passed through)
				  audit verify   check the audit hash chain and its signed checkpoints; names the first bad entry
				""" + KeyCommands.USAGE + """

				  help           this text""");
		return code;
	}

}
