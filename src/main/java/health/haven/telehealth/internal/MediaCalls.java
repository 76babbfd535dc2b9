package health.haven.telehealth.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The small pool that runs media-server calls off the signaling threads ({@link Participant#mediaWork}), so that a
 * slow media server never holds up the signaling of a room. Stopped with Haven.
 */
@Component
class MediaCalls implements Executor, DisposableBean {

	static final int THREADS = 8;

	private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, runnable -> {
		Thread thread = new Thread(runnable, "haven-media-calls");
		thread.setDaemon(true);
		return thread;
	});

	@Override
	public void execute(Runnable call) {
		pool.execute(call);
	}

	@Override
	public void destroy() {
		pool.shutdownNow();
	}

}
