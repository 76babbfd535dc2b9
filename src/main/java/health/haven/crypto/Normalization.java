package health.haven.crypto;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How a value is normalized before it is blind-indexed, so that equal values written differently find each other.
 */
public enum Normalization {

	/** Names and similar text: Unicode NFKC, case-folded, trimmed, inner whitespace collapsed to one space. */
	TEXT {
		@Override
		public String apply(String value) {
			return Normalizer.normalize(value, Normalizer.Form.NFKC)
				.strip()
				.replaceAll("\\s+", " ")
				.toLowerCase(Locale.ROOT);
		}
	},

	/** E-mail addresses: NFC, trimmed, lowercased (Haven treats the local part as case-insensitive, as providers do). */
	EMAIL {
		@Override
		public String apply(String value) {
			return Normalizer.normalize(value, Normalizer.Form.NFC).strip().toLowerCase(Locale.ROOT);
		}
	},

	/** Phone numbers, record numbers, dates written as digits: only the digits are kept. */
	DIGITS {
		@Override
		public String apply(String value) {
			return value.replaceAll("[^0-9]", "");
		}
	},

	/** Values that are already canonical (ISO dates, codes): only trimmed. */
	EXACT {
		@Override
		public String apply(String value) {
			return value.strip();
		}
	};

	public abstract String apply(String value);

}
