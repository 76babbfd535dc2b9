package health.haven.support;

import health.haven.crypto.OneTimeCodes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.binary.Base32;

/**
 * Codes from a TOTP secret, as an authenticator app would show them, for tests that sign in many times. Haven
 * accepts each time step once per account and one step of drift, so this hands out the current step, or the next one
 * when the current one was used, waiting for the clock when both are used. (Never the step before the current one:
 * a step boundary passing between making the code and the server checking it would make that code too old.)
 */
public final class TotpCodes {

	private static final Map<String, Long> LAST_STEP = new ConcurrentHashMap<>();

	private TotpCodes() {
	}

	public static synchronized String next(String secret) {
		byte[] seed = new Base32().decode(secret);
		long last = LAST_STEP.getOrDefault(secret, Long.MIN_VALUE);
		while (true) {
			long now = OneTimeCodes.step(Instant.now());
			long step = Math.max(now, last == Long.MIN_VALUE ? now : last + 1);
			if (step <= now + 1) {
				LAST_STEP.put(secret, step);
				return OneTimeCodes.code(seed, step);
			}
			sleep(1_000);
		}
	}

	/** The code of the current step, without recording it (for tests of replay and of wrong codes). */
	public static String current(String secret) {
		return OneTimeCodes.code(new Base32().decode(secret), OneTimeCodes.step(Instant.now()));
	}

	/** Records that a step was used by a test that entered the code itself. */
	public static void used(String secret, long step) {
		LAST_STEP.merge(secret, step, Math::max);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
