package health.haven.shared;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only their owner may read, for what Haven keeps outside the database: the master key, the audit checkpoint
 * signing key, generated passwords, the TLS key store, the demo credentials.
 */
public final class PrivateFiles {

	private PrivateFiles() {
	}

	/** Creates a directory only its owner can enter (0700), with its parents, if it is missing. */
	public static void createDirectory(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		Files.createDirectories(directory);
		try {
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system: its own access control applies.
		}
	}

	/**
	 * Writes a file readable by its owner only (0600 from the moment it exists), atomically: it appears complete or
	 * not at all, so a crash never leaves half a key behind.
	 */
	public static void write(Path file, byte[] content) throws IOException {
		createDirectory(file.toAbsolutePath().getParent());
		Path temp = file.resolveSibling(file.getFileName() + ".tmp");
		Files.deleteIfExists(temp);
		try {
			Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(temp);
		}
		Files.write(temp, content);
		Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

}
