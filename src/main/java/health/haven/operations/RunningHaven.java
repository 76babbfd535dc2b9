package health.haven.operations;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A started Haven: its Spring context, the port it listens on and whatever it started beside it (the embedded
 * database). Closing it stops the web server first and the database last.
 */
public final class RunningHaven implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final int port;

	private final AutoCloseable database;

	private boolean closed;

	RunningHaven(ConfigurableApplicationContext context, int port, AutoCloseable database) {
		this.context = context;
		this.port = port;
		this.database = database;
	}

	public ConfigurableApplicationContext context() {
		return context;
	}

	public int port() {
		return port;
	}

	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		try {
			context.close();
		}
		finally {
			HavenLauncher.closeQuietly(database);
		}
	}

}
