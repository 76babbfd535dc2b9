package health.haven.records.internal;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.Optional;

/**
 * What an uploaded file really is, judged from its first bytes (its "magic number"), never from the name or the
 * content type the browser claims: a script renamed report.pdf is refused. Only PDF, PNG and JPEG are kept on a chart.
 */
public final class DocumentTypes {

	/** Large enough for a scanned referral letter, small enough to keep a chart's storage and downloads sane. */
	public static final int MAX_BYTES = 10 * 1024 * 1024;

	private static final byte[] PDF = { '%', 'P', 'D', 'F', '-' };

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };

	private DocumentTypes() {
	}

	/** The content type of an acceptable upload; refuses an empty, oversized or unsupported one with a clear error. */
	public static String check(byte[] content) {
		if (content == null || content.length == 0) {
			throw new HavenException("RECORDS_DOCUMENT_MISSING", Kind.BAD_REQUEST,
					"choose a PDF, PNG or JPEG file to upload");
		}
		if (content.length > MAX_BYTES) {
			throw tooLarge();
		}
		return sniff(content).orElseThrow(() -> new HavenException("RECORDS_DOCUMENT_TYPE_REFUSED",
				Kind.UNSUPPORTED_MEDIA_TYPE, "only PDF, PNG and JPEG files can be added to a chart"));
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

	public static HavenException tooLarge() {
		return new HavenException("RECORDS_DOCUMENT_TOO_LARGE", Kind.PAYLOAD_TOO_LARGE,
				"a document may be at most 10 MB");
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
