package health.haven.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A poor man's profiler for a benchmark whose server runs in the same JVM: samples the stacks of the server's request
 * threads every few milliseconds and counts, per sample, where each busy thread is, as "Haven frame &lt;- what it is
 * doing" (the innermost {@code health.haven} frame, and the innermost frame when that is a wait: a lock, a pool, a
 * socket read). Idle threads (parked in the pool waiting for work) are not counted. Enough to tell "waiting for a
 * database connection" from "waiting for PostgreSQL" from "burning CPU in our code"; not a substitute for a profiler.
 */
final class ThreadSampler implements AutoCloseable {

	private final Predicate<String> threads;

	private final Map<String, Integer> counts = new HashMap<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread sampler;

	private int samples;

	ThreadSampler(Predicate<String> threads, int everyMillis) {
		this.threads = threads;
		this.sampler = new Thread(() -> {
			while (running.get()) {
				sample();
				try {
					Thread.sleep(everyMillis);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "bench-sampler");
		sampler.setDaemon(true);
		sampler.start();
	}

	private void sample() {
		Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
		synchronized (counts) {
			samples++;
			for (Map.Entry<Thread, StackTraceElement[]> entry : stacks.entrySet()) {
				if (!threads.test(entry.getKey().getName()) || entry.getValue().length == 0) {
					continue;
				}
				String where = where(entry.getValue());
				if (where != null) {
					counts.merge(where, 1, Integer::sum);
				}
			}
		}
	}

	/** "innermost Haven frame <- innermost frame", or null for a thread idle in its pool. */
	private static String where(StackTraceElement[] stack) {
		StackTraceElement top = stack[0];
		String haven = null;
		for (StackTraceElement frame : stack) {
			if (frame.getClassName().startsWith("health.haven.") && !frame.getClassName().startsWith("health.haven.bench")) {
				haven = simple(frame);
				break;
			}
		}
		if (haven == null) {
			for (StackTraceElement frame : stack) {
				if (frame.getClassName().contains("TaskQueue") || frame.getClassName().contains("ThreadPoolExecutor")
						&& frame.getMethodName().equals("getTask")) {
					return null;
				}
			}
			haven = "(no Haven frame)";
		}
		String waitingIn = null;
		for (StackTraceElement frame : stack) {
			String name = frame.getClassName();
			if (name.startsWith("com.zaxxer.hikari") || name.startsWith("org.postgresql.core")
					|| name.startsWith("health.haven.audit.internal") || name.startsWith("sun.security.ssl")
					|| name.startsWith("org.springframework.security.crypto")) {
				waitingIn = simple(frame);
				break;
			}
		}
		return haven + " <- " + (waitingIn != null ? waitingIn : simple(top));
	}

	private static String simple(StackTraceElement frame) {
		String type = frame.getClassName();
		return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethodName();
	}

	/** The most frequent places, as "share of busy-thread samples" lines. */
	String report(int top) {
		synchronized (counts) {
			int total = counts.values().stream().mapToInt(Integer::intValue).sum();
			StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
					"%d samples, %.1f busy request threads on average; where they were:%n", samples,
					samples == 0 ? 0.0 : total / (double) samples));
			counts.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
				.limit(top)
				.forEach(entry -> out.append(String.format(Locale.ROOT, "  %5.1f%%  %s%n",
						100.0 * entry.getValue() / Math.max(1, total), entry.getKey())));
			return out.toString();
		}
	}

	@Override
	public void close() {
		running.set(false);
		sampler.interrupt();
	}

}
