package health.haven.audit.internal;

import ca.uhn.fhir.parser.IParser;
import health.haven.audit.AuditEntry;
import health.haven.audit.AuditRecord;
import health.haven.audit.ExportFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes records one by one in an export format, so that an export of millions of entries streams instead of
 * sitting in memory. Every value is an id or a code (see {@link AuditEntry}), so no column needs PHI handling.
 */
public final class AuditExports implements AutoCloseable {

	static final String[] CSV_HEADER = { "seq", "id", "occurred_at", "org", "actor_user", "actor_role",
			"actor_session", "source_address", "action", "client", "resource_type", "resource_id", "purpose", "outcome",
			"details" };

	private final ExportFormat format;

	private final Writer out;

	private final IParser fhir;

	private boolean first = true;

	public AuditExports(ExportFormat format, Writer out) {
		this.format = format;
		this.out = out;
		this.fhir = format == ExportFormat.FHIR_R4 ? FhirAuditEvents.jsonParser() : null;
		write(switch (format) {
			case CSV -> String.join(",", CSV_HEADER) + "\r\n";
			case JSON -> "[";
			case FHIR_R4 -> "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[";
		});
	}

	public void add(AuditRecord record) {
		String[] values = values(record);
		switch (format) {
			case CSV -> {
				StringBuilder line = new StringBuilder();
				for (int i = 0; i < values.length; i++) {
					if (i > 0) {
						line.append(',');
					}
					line.append(csv(values[i]));
				}
				write(line.append("\r\n").toString());
			}
			case JSON -> {
				StringBuilder object = new StringBuilder(first ? "\n{" : ",\n{");
				for (int i = 0; i < values.length; i++) {
					if (i > 0) {
						object.append(',');
					}
					object.append(json(CSV_HEADER[i])).append(':');
					object.append(values[i] == null ? "null" : i == 0 ? values[i] : json(values[i]));
				}
				write(object.append('}').toString());
			}
			case FHIR_R4 -> write((first ? "\n" : ",\n") + "{\"fullUrl\":\"urn:uuid:" + record.id() + "\",\"resource\":"
					+ fhir.encodeResourceToString(FhirAuditEvents.of(record)) + "}");
		}
		first = false;
	}

	@Override
	public void close() {
		write(switch (format) {
			case CSV -> "";
			case JSON -> "\n]\n";
			case FHIR_R4 -> "\n]}\n";
		});
		try {
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String[] values(AuditRecord record) {
		AuditEntry entry = record.entry();
		ChainRow row = ChainRow.of(record.id(), entry);
		return new String[] { Long.toString(record.seq()), row.entryId(), entry.occurredAt().toString(), row.org(),
				row.actorUser(), row.actorRole(), row.actorSession(), row.sourceAddress(), row.action(), row.client(),
				row.resourceType(), row.resourceId(), row.purpose(), row.outcome(), row.details() };
	}

	static String csv(String value) {
		if (value == null) {
			return "";
		}
		// A leading =, +, - or @ would be a formula in a spreadsheet: quote and prefix it (CSV injection).
		boolean formula = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0;
		if (formula || value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
			return "\"" + (formula ? "'" : "") + value.replace("\"", "\"\"") + "\"";
		}
		return value;
	}

	static String json(String value) {
		StringBuilder text = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> text.append("\\\"");
				case '\\' -> text.append("\\\\");
				default -> {
					if (c < 0x20) {
						text.append(String.format("\\u%04x", (int) c));
					}
					else {
						text.append(c);
					}
				}
			}
		}
		return text.append('"').toString();
	}

	private void write(String text) {
		try {
			out.write(text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
