package health.haven.scheduling.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A minimal RFC 5545 writer: one VCALENDAR of VEVENTs with UTC times, TEXT values escaped (section 3.3.11), lines
 * ended by CRLF and folded at 75 octets (section 3.1). No library on the classpath does this, and this is all the
 * feed needs.
 */
public final class ICalendar {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final StringBuilder text = new StringBuilder();

	public ICalendar(String productId, String name) {
		line("BEGIN:VCALENDAR");
		line("VERSION:2.0");
		line("PRODID:" + escape(productId));
		line("CALSCALE:GREGORIAN");
		line("METHOD:PUBLISH");
		line("X-WR-CALNAME:" + escape(name));
	}

	/** One event; {@code uid} must be globally unique and stable, {@code sequence} grows with each change. */
	public ICalendar event(String uid, int sequence, Instant stamp, Instant start, Instant end, boolean cancelled,
			String summary, String description, String url) {
		line("BEGIN:VEVENT");
		line("UID:" + escape(uid));
		line("SEQUENCE:" + sequence);
		line("DTSTAMP:" + UTC.format(stamp));
		line("DTSTART:" + UTC.format(start));
		line("DTEND:" + UTC.format(end));
		line("STATUS:" + (cancelled ? "CANCELLED" : "CONFIRMED"));
		line("SUMMARY:" + escape(summary));
		line("DESCRIPTION:" + escape(description));
		line("URL:" + url);
		line("END:VEVENT");
		return this;
	}

	public String end() {
		line("END:VCALENDAR");
		return text.toString();
	}

	/** Backslash, semicolon, comma and newline escaped as TEXT values require. */
	static String escape(String value) {
		return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
			.replace("\n", "\\n").replace("\r", "\\n");
	}

	/** Appends a content line, folded so that no physical line exceeds 75 octets (never inside a UTF-8 sequence). */
	private void line(String content) {
		int octets = 0;
		int limit = 75;
		for (int i = 0; i < content.length();) {
			int codePoint = content.codePointAt(i);
			int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
			if (octets + size > limit) {
				text.append("\r\n ");
				octets = 1;
				limit = 75;
			}
			text.appendCodePoint(codePoint);
			octets += size;
			i += Character.charCount(codePoint);
		}
		text.append("\r\n");
	}

}
