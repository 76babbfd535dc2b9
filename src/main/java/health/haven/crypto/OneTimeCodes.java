package health.haven.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits), the second factor staff enrol in
 * an authenticator app. Here because it is the one place allowed to use {@code javax.crypto}; the seed itself is
 * sealed by callers with {@link FieldCipher} under a purpose key, never stored in clear.
 *
 * <p>{@link #verify} accepts the current step and one step either side (clock drift) and returns the step it
 * matched, so that callers can refuse a code whose step was already used (replay).
 */
public final class OneTimeCodes {

	public static final int SEED_BYTES = 20;

	static final long STEP_SECONDS = 30;

	static final int DIGITS = 6;

	private static final SecureRandom RANDOM = new SecureRandom();

	private OneTimeCodes() {
	}

	/** A new 160-bit seed (RFC 4226's recommended length). */
	public static byte[] newSeed() {
		byte[] seed = new byte[SEED_BYTES];
		RANDOM.nextBytes(seed);
		return seed;
	}

	/** The time step an instant falls in. */
	public static long step(Instant at) {
		return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
	}

	/** The 6-digit code of a step. */
	public static String code(byte[] seed, long step) {
		return code(seed, step, DIGITS, "HmacSHA1");
	}

	/**
	 * The step whose code equals {@code candidate} among the step of {@code at} and the ones either side, newest
	 * first; empty when none does. Comparison is constant-time.
	 */
	public static OptionalLong verify(byte[] seed, String candidate, Instant at) {
		if (candidate == null || !candidate.matches("\\d{" + DIGITS + "}")) {
			return OptionalLong.empty();
		}
		long now = step(at);
		long matched = -1;
		for (long step = now + 1; step >= now - 1; step--) {
			boolean equal = MessageDigest.isEqual(code(seed, step).getBytes(), candidate.getBytes());
			if (equal && matched < 0) {
				matched = step;
			}
		}
		return matched < 0 ? OptionalLong.empty() : OptionalLong.of(matched);
	}

	/** RFC 4226 dynamic truncation over RFC 6238's time counter. */
	static String code(byte[] seed, long step, int digits, String algorithm) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(seed, "RAW"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			int modulus = (int) Math.pow(10, digits);
			return String.format("%0" + digits + "d", binary % modulus);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC is not available in this JVM", ex);
		}
	}

}
