package health.haven.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * {@code hash = SHA-256(prev_hash || canonical(seq, entry))}. The canonical encoding is a version byte, the sequence
 * number and the time as 8-byte big-endian integers, then each text field as a 4-byte length (-1 for null) and its
 * UTF-8 bytes, in the fixed order of {@link ChainRow}. Length prefixes make it unambiguous (no field can bleed into
 * the next) and nothing depends on key order or a JSON library's whims. The sequence number is hashed so that rows
 * cannot be swapped. Not thread-safe: one instance per thread.
 */
public final class ChainHash {

	public static final byte[] GENESIS = new byte[32];

	private static final byte VERSION = 1;

	private final MessageDigest sha256;

	private final byte[] scratch = new byte[8];

	public ChainHash() {
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by the Java platform", ex);
		}
	}

	public byte[] hash(byte[] prev, long seq, ChainRow row) {
		sha256.update(prev);
		sha256.update(VERSION);
		putLong(seq);
		putLong(row.micros());
		text(row.entryId());
		text(row.org());
		text(row.actorUser());
		text(row.actorRole());
		text(row.actorSession());
		text(row.sourceAddress());
		text(row.action());
		text(row.client());
		text(row.resourceType());
		text(row.resourceId());
		text(row.purpose());
		text(row.outcome());
		text(row.details());
		return sha256.digest();
	}

	/**
	 * The same hash from the stored bytes of the text fields (UTF-8, in {@link ChainRow} order after the time), as a
	 * result set hands them over: the verifier's fast path, with no String decoding and re-encoding per field.
	 */
	public byte[] hashRaw(byte[] prev, long seq, long micros, byte[][] fields) {
		sha256.update(prev);
		sha256.update(VERSION);
		putLong(seq);
		putLong(micros);
		for (byte[] field : fields) {
			if (field == null) {
				putInt(-1);
			}
			else {
				putInt(field.length);
				sha256.update(field);
			}
		}
		return sha256.digest();
	}

	public static String hex(byte[] hash) {
		return HexFormat.of().formatHex(hash);
	}

	public static boolean same(byte[] a, byte[] b) {
		return Arrays.equals(a, b);
	}

	private void text(String value) {
		if (value == null) {
			putInt(-1);
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		putInt(bytes.length);
		sha256.update(bytes);
	}

	private void putLong(long value) {
		for (int i = 7; i >= 0; i--) {
			scratch[i] = (byte) value;
			value >>>= 8;
		}
		sha256.update(scratch, 0, 8);
	}

	private void putInt(int value) {
		for (int i = 3; i >= 0; i--) {
			scratch[i] = (byte) value;
			value >>>= 8;
		}
		sha256.update(scratch, 0, 4);
	}

}
