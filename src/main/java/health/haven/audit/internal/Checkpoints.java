package health.haven.audit.internal;

import health.haven.shared.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Signed checkpoints of the chain head, kept outside the database: every {@code everyEntries} entries or
 * {@code every} time, the line {@code <size> <head hash hex> <time> <Ed25519 signature base64>} is appended to
 * {@code <dir>/checkpoints.log} and forced to disk. Someone who can rewrite the whole table consistently still cannot
 * make it agree with these lines without the private key in {@code <dir>/checkpoint.key} (0600, directory 0700).
 * Copying the log and {@code checkpoint.pub} off the machine (WORM storage, a second organization) closes the
 * remaining gap: an attacker holding the data directory too.
 */
public final class Checkpoints {

	public static final String LOG = "checkpoints.log";

	static final String PRIVATE_KEY = "checkpoint.key";

	static final String PUBLIC_KEY = "checkpoint.pub";

	private final Path dir;

	private final PrivateKey signingKey;

	private final long everyEntries;

	private final Duration every;

	private long lastSize;

	private Instant lastAt;

	/** One line of the log. */
	public record Checkpoint(int line, long size, byte[] hash, Instant at, byte[] signature) {

		byte[] signedText() {
			return message(size, hash, at);
		}

	}

	private Checkpoints(Path dir, PrivateKey signingKey, long everyEntries, Duration every) {
		this.dir = dir;
		this.signingKey = signingKey;
		this.everyEntries = everyEntries;
		this.every = every;
		List<Checkpoint> existing = dir == null ? List.of() : read(dir);
		Checkpoint last = existing.isEmpty() ? null : existing.get(existing.size() - 1);
		this.lastSize = last == null ? 0 : last.size();
		this.lastAt = last == null ? Instant.EPOCH : last.at();
	}

	/** Opens the checkpoint log in {@code dir}, creating the directory and the signing key on first use. */
	public static Checkpoints open(Path dir, long everyEntries, Duration every) {
		try {
			PrivateFiles.createDirectory(dir);
			Path privateFile = dir.resolve(PRIVATE_KEY);
			if (!Files.exists(privateFile)) {
				KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
				PrivateFiles.write(dir.resolve(PUBLIC_KEY), (base64(pair.getPublic().getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII));
				PrivateFiles.write(privateFile, (base64(pair.getPrivate().getEncoded()) + "\n").getBytes(StandardCharsets.US_ASCII));
			}
			byte[] encoded = Base64.getDecoder().decode(Files.readString(privateFile).trim());
			PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(encoded));
			return new Checkpoints(dir, key, everyEntries, every);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot prepare the audit checkpoint directory " + dir, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot load the audit checkpoint signing key in " + dir, ex);
		}
	}

	/**
	 * Checkpoints that are never written, for admin commands that append next to a running Haven: one process per
	 * data directory writes the checkpoint log, and the running application's next checkpoint covers their entries.
	 */
	public static Checkpoints none() {
		return new Checkpoints(null, null, Long.MAX_VALUE, Duration.ofDays(365_000));
	}

	/** Writes a checkpoint if enough entries or enough time have passed since the last one. */
	public synchronized boolean maybeWrite(long size, byte[] headHash, Instant now) {
		if (dir == null || size <= lastSize) {
			return false;
		}
		if (size - lastSize < everyEntries && Duration.between(lastAt, now).compareTo(every) < 0) {
			return false;
		}
		write(size, headHash, now);
		return true;
	}

	/** Appends a checkpoint for a chain of {@code size} entries whose last hash is {@code headHash}. */
	public synchronized void write(long size, byte[] headHash, Instant now) {
		try {
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(signingKey);
			signer.update(message(size, headHash, now));
			String line = size + " " + HexFormat.of().formatHex(headHash) + " " + now + " "
					+ Base64.getEncoder().encodeToString(signer.sign()) + "\n";
			Path log = dir.resolve(LOG);
			if (!Files.exists(log)) {
				PrivateFiles.write(log, new byte[0]);
			}
			try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
				channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
				channel.force(true);
			}
			lastSize = size;
			lastAt = now;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot append to the audit checkpoint log in " + dir, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot sign an audit checkpoint", ex);
		}
	}

	/** The checkpoints in {@code dir}, oldest first; a line that cannot be parsed becomes a checkpoint of size -1. */
	public static List<Checkpoint> read(Path dir) {
		Path log = dir.resolve(LOG);
		List<Checkpoint> checkpoints = new ArrayList<>();
		if (!Files.exists(log)) {
			return checkpoints;
		}
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.US_ASCII);
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i);
				if (line.isBlank()) {
					continue;
				}
				try {
					String[] parts = line.trim().split(" ");
					checkpoints.add(new Checkpoint(i + 1, Long.parseLong(parts[0]), HexFormat.of().parseHex(parts[1]),
							Instant.parse(parts[2]), Base64.getDecoder().decode(parts[3])));
				}
				catch (RuntimeException ex) {
					checkpoints.add(new Checkpoint(i + 1, -1, new byte[0], Instant.EPOCH, new byte[0]));
				}
			}
			return checkpoints;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the audit checkpoint log in " + dir, ex);
		}
	}

	/** The public key that checks the signatures, or null when no key was ever created in {@code dir}. */
	public static PublicKey publicKey(Path dir) {
		Path file = dir.resolve(PUBLIC_KEY);
		if (!Files.exists(file)) {
			return null;
		}
		try {
			byte[] encoded = Base64.getDecoder().decode(Files.readString(file).trim());
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the audit checkpoint public key in " + dir, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the audit checkpoint public key in " + dir + " is not an Ed25519 key", ex);
		}
	}

	public static boolean signatureValid(Checkpoint checkpoint, PublicKey key) {
		if (checkpoint.size() < 0 || key == null) {
			return false;
		}
		try {
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			verifier.update(checkpoint.signedText());
			return verifier.verify(checkpoint.signature());
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	static byte[] message(long size, byte[] hash, Instant at) {
		return ("haven-audit-checkpoint/v1\n" + size + "\n" + HexFormat.of().formatHex(hash) + "\n" + at + "\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	private static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

}
