package health.haven.shared;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs, as {@link UUID#randomUUID()} makes them, from a cryptographically strong generator of the
 * calling thread's own. {@code UUID.randomUUID()} draws from one shared {@code NativePRNG} whose lock every request
 * thread queued for when each chart read minted several audit entry ids (a JFR profile of {@code bench/chart-read.sh}
 * showed it as the most contended monitor). Each thread's generator is a {@code DRBG} seeded by the JDK from the
 * operating system; the ids are as unpredictable as before.
 */
public final class RandomIds {

	private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RandomIds::generator);

	private RandomIds() {
	}

	/** A new random UUID (version 4, IETF variant). */
	public static UUID next() {
		byte[] bytes = new byte[16];
		RANDOM.get().nextBytes(bytes);
		bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
		bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		return new UUID(buffer.getLong(), buffer.getLong());
	}

	private static SecureRandom generator() {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			return new SecureRandom();
		}
	}

}
