package health.haven.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * CPU time spent by each side of a benchmark whose server runs in this JVM, per request: Haven (this process's CPU
 * minus the load client's threads), the load client, and the embedded PostgreSQL (its postmaster and every backend).
 * Unlike throughput, CPU per request hardly moves when the machine is shared or the CPU clock varies, so a change in
 * code shows in it from one run to the next; throughput on two shared cores swung by a third between identical runs.
 * Linux only (PostgreSQL's share is read from {@code /proc}); elsewhere its share is reported as unknown.
 */
final class CpuMeter {

	/** Clock ticks per second in {@code /proc/<pid>/stat} (USER_HZ: 100 on every Linux Haven runs on). */
	private static final double TICKS_PER_SECOND = 100.0;

	private final Optional<ProcessHandle> postmaster;

	private long processNanos;

	private long postgresTicks;

	private CpuMeter(Optional<ProcessHandle> postmaster) {
		this.postmaster = postmaster;
	}

	/** A meter for this JVM and the PostgreSQL whose data directory is {@code postgresData}. */
	static CpuMeter of(Path postgresData) {
		String data = postgresData.toAbsolutePath().normalize().toString();
		Optional<ProcessHandle> postmaster = ProcessHandle.allProcesses()
			.filter(process -> process.info().commandLine().map(line -> line.contains(data)).orElse(false))
			.filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
			.findFirst();
		return new CpuMeter(postmaster);
	}

	/** Starts a phase. */
	void start() {
		processNanos = processCpuNanos();
		postgresTicks = postgresTicks();
	}

	/** Ends a phase of {@code requests} requests whose load client threads used {@code clientNanos} of CPU. */
	Reading stop(long requests, long clientNanos) {
		long process = processCpuNanos() - processNanos;
		long postgres = postgresTicks();
		double postgresMs = postgres < 0 || postgresTicks < 0 ? Double.NaN
				: (postgres - postgresTicks) * 1000.0 / TICKS_PER_SECOND / requests;
		return new Reading((process - clientNanos) / 1e6 / requests, postgresMs, clientNanos / 1e6 / requests);
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/**
	 * User and system ticks of the postmaster, of the children it has reaped and of its live children (backends,
	 * background writers); -1 when unknown.
	 */
	private long postgresTicks() {
		if (postmaster.isEmpty() || !postmaster.get().isAlive()) {
			return -1;
		}
		long ticks = ticks(postmaster.get().pid(), true);
		for (ProcessHandle child : postmaster.get().children().toList()) {
			ticks += Math.max(0, ticks(child.pid(), false));
		}
		return ticks;
	}

	/** utime + stime (+ cutime + cstime), fields 14 to 17 of {@code /proc/<pid>/stat}. */
	private static long ticks(long pid, boolean withReaped) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// The command (field 2) is in parentheses and may hold spaces: count fields after its closing one.
			List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
			long ticks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
			return withReaped ? ticks + Long.parseLong(fields.get(13)) + Long.parseLong(fields.get(14)) : ticks;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** Milliseconds of CPU per request, by side. */
	record Reading(double havenMs, double postgresMs, double clientMs) {

		double serverMs() {
			return havenMs + (Double.isNaN(postgresMs) ? 0 : postgresMs);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "CPU per request: Haven %.2f ms, PostgreSQL %s, load client %.2f ms",
					havenMs, Double.isNaN(postgresMs) ? "unknown" : String.format(Locale.ROOT, "%.2f ms", postgresMs),
					clientMs);
		}

	}

}
