package health.haven.messaging.internal;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.Optional;

/**
 * What an attached file really is, judged from its first bytes, never from its name or the type the browser claims:
 * PDF, PNG and JPEG only. The same rule as chart documents (records' {@code DocumentTypes}), kept here in a few lines
 * because that class is internal to records and messaging should not reach into it; the limit is lower, because a
 * message is not the place for a scanned record.
 */
public final class AttachmentTypes {

	/** 5 MB: a photo of a form or a letter as a PDF; bigger files belong on the chart as documents. */
	public static final int MAX_BYTES = 5 * 1024 * 1024;

	public static final int MAX_NAME = 120;

	private static final byte[] PDF = { '%', 'P', 'D', 'F', '-' };

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };

	private AttachmentTypes() {
	}

	/** The content type of an acceptable attachment; refuses an empty, oversized or unsupported one. */
	public static String check(byte[] content) {
		if (content == null || content.length == 0) {
			throw new HavenException("MESSAGING_ATTACHMENT_EMPTY", Kind.BAD_REQUEST, "the attached file is empty");
		}
		if (content.length > MAX_BYTES) {
			throw tooLarge();
		}
		return sniff(content).orElseThrow(() -> new HavenException("MESSAGING_ATTACHMENT_TYPE_REFUSED",
				Kind.UNSUPPORTED_MEDIA_TYPE, "only PDF, PNG and JPEG files can be attached to a message"));
	}

	public static HavenException tooLarge() {
		return new HavenException("MESSAGING_ATTACHMENT_TOO_LARGE", Kind.PAYLOAD_TOO_LARGE,
				"an attachment may be at most 5 MB");
	}

	/** The name shown for the file: its last path segment, without control characters, at most 120 characters. */
	public static String name(String given, String contentType) {
		String name = given == null ? "" : given.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
		if (name.isEmpty()) {
			name = "attachment" + switch (contentType) {
				case "application/pdf" -> ".pdf";
				case "image/png" -> ".png";
				default -> ".jpg";
			};
		}
		return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
	}

	static Optional<String> sniff(byte[] content) {
		if (startsWith(content, PDF)) {
			return Optional.of("application/pdf");
		}
		if (startsWith(content, PNG)) {
			return Optional.of("image/png");
		}
		if (startsWith(content, JPEG)) {
			return Optional.of("image/jpeg");
		}
		return Optional.empty();
	}

	private static boolean startsWith(byte[] content, byte[] magic) {
		if (content.length < magic.length) {
			return false;
		}
		for (int i = 0; i < magic.length; i++) {
			if (content[i] != magic[i]) {
				return false;
			}
		}
		return true;
	}

}
