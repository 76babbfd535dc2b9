package health.haven.records;

import health.haven.consent.DataCategory;
import health.haven.records.ProgressNotes.CopiedNote;
import health.haven.records.plan.PlanContent;
import health.haven.records.plan.TreatmentPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The client's copy of their record as a plain, printable PDF (Apache PDFBox, ADR 0014): headings and wrapped text in
 * the standard Helvetica faces, US Letter, page numbers. Nothing is embedded or scripted, and the document's metadata
 * names Haven, not the client, so that the file's properties say nothing if it is left somewhere.
 */
final class RecordPdf {

	static final String PART_TWO_NOTICE = "Some of this record is protected by federal confidentiality rules for "
			+ "substance use disorder records (42 CFR part 2). It is your own record and yours to keep; if you pass "
			+ "it to someone else, those protections may not follow it.";

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private RecordPdf() {
	}

	static byte[] render(RecordCopy copy) {
		try (PDDocument document = new PDDocument(); Pages pages = new Pages(document)) {
			PDDocumentInformation info = document.getDocumentInformation();
			info.setTitle("Haven: copy of my record");
			info.setProducer("Haven");
			pages.title("Copy of my record");
			pages.text("Made " + TIME.format(copy.generatedAt()) + " at your request (HIPAA right of access). "
					+ "Psychotherapy notes, which the law keeps apart from the record, are not part of this copy.");
			if (copy.hasPartTwo()) {
				pages.text(PART_TWO_NOTICE);
			}
			ClientSummary client = copy.client();
			pages.heading("About you");
			pages.field("Name", client.name());
			pages.field("Date of birth", String.valueOf(client.dateOfBirth()));
			pages.field("State of residence", client.state());
			pages.field("Contact", client.contact());
			ClientProfile profile = copy.profile();
			if (profile.demographics() != null) {
				pages.field("Preferred name", profile.demographics().preferredName());
				pages.field("Pronouns", profile.demographics().pronouns());
				pages.field("Emergency contact", join(profile.demographics().emergencyContactName(),
						profile.demographics().emergencyContactRelationship(),
						profile.demographics().emergencyContactPhone()));
			}
			if (profile.insurance() != null && profile.insurance().payer() != null) {
				pages.field("Insurance", join(profile.insurance().payer(), profile.insurance().memberId(),
						profile.insurance().groupNumber()));
			}
			if (profile.riskFlags() != null && !profile.riskFlags().isEmpty()) {
				pages.heading("Safety flags");
				profile.riskFlags().forEach(flag -> pages.bullet(join(flag.kind().label(), flag.note())));
			}
			pages.heading("Diagnoses");
			if (copy.diagnoses().isEmpty()) {
				pages.text("None recorded.");
			}
			copy.diagnoses().forEach(d -> pages.bullet(d.code() + " " + d.title() + " (" + d.status()
					+ (d.onset() == null ? "" : ", since " + d.onset()) + ")" + label(d.category())));
			pages.heading("Medications and allergies");
			pages.field("Medications", orNone(copy.medications().medications()));
			pages.field("Allergies", orNone(copy.medications().allergies()));
			pages.heading("Treatment plan");
			copy.plan().ifPresentOrElse(plan -> plan(pages, plan), () -> pages.text("No plan written yet."));
			pages.heading("Questionnaires");
			if (copy.measures().isEmpty()) {
				pages.text("None completed.");
			}
			copy.measures().forEach(m -> pages.bullet(DAY.format(m.submittedAt()) + "  " + m.instrument().title()
					+ ": " + m.total() + " (" + m.band() + ")" + label(m.category())));
			pages.heading("Progress notes");
			if (copy.notes().isEmpty()) {
				pages.text("No signed notes.");
			}
			for (CopiedNote note : copy.notes()) {
				pages.subheading(note.serviceDate() + "  " + note.template().name() + " note by "
						+ copy.staff(note.author()) + ", signed " + TIME.format(note.signedAt()) + label(note.category()));
				for (Map.Entry<String, String> section : note.sections().entrySet()) {
					pages.field(capitalized(section.getKey()), section.getValue());
				}
				note.addenda().forEach(addendum -> pages.field("Addendum", addendum));
			}
			pages.heading("Documents");
			if (copy.documentSummaries().isEmpty()) {
				pages.text("None.");
			}
			copy.documentSummaries().forEach(d -> pages.bullet(d.title() + " (" + d.kind().toLowerCase()
					+ ", added " + DAY.format(d.uploadedAt()) + "; the file itself is in the FHIR download)"));
			pages.heading("Amendment requests");
			if (copy.amendments().isEmpty()) {
				pages.text("None.");
			}
			for (AmendmentRequest amendment : copy.amendments()) {
				pages.subheading("Asked " + DAY.format(amendment.requestedAt()) + ": " + status(amendment));
				pages.field("What", amendment.what());
				pages.field("Why", amendment.why());
				if (amendment.decisionReason() != null) {
					pages.field("Reason given by " + copy.staff(amendment.decidedBy()), amendment.decisionReason());
				}
			}
			pages.close();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the record could not be written as a PDF", ex);
		}
	}

	private static void plan(Pages pages, TreatmentPlan plan) {
		pages.text("Version " + plan.version() + ", last changed " + DAY.format(plan.updatedAt()) + label(plan.category()));
		for (PlanContent.Problem problem : plan.content().problems()) {
			pages.field("Problem", problem.statement());
			for (PlanContent.Goal goal : problem.goals()) {
				pages.bullet("Goal: " + goal.text() + (goal.targetDate() == null ? "" : " (by " + goal.targetDate() + ")"));
				for (PlanContent.Objective objective : goal.objectives()) {
					pages.bullet("Objective: " + objective.text()
							+ (objective.targetDate() == null ? "" : " (by " + objective.targetDate() + ")"));
					for (PlanContent.Intervention intervention : objective.interventions()) {
						pages.bullet("Intervention: " + intervention.text()
								+ (intervention.frequency() == null ? "" : ", " + intervention.frequency()));
					}
				}
			}
		}
	}

	static String status(AmendmentRequest amendment) {
		return switch (amendment.status()) {
			case "ACCEPTED" -> "accepted " + DAY.format(amendment.decidedAt());
			case "DENIED" -> "denied " + DAY.format(amendment.decidedAt());
			default -> "open, answer due by " + DAY.format(amendment.dueAt());
		};
	}

	private static String label(DataCategory category) {
		return category == DataCategory.SUD_PART2 ? " [42 CFR part 2]" : "";
	}

	private static String orNone(String value) {
		return value == null || value.isBlank() ? "None recorded." : value;
	}

	private static String join(String... parts) {
		List<String> present = new ArrayList<>();
		for (String part : parts) {
			if (part != null && !part.isBlank()) {
				present.add(part.strip());
			}
		}
		return String.join(", ", present);
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/** Lays text out on Letter pages, top to bottom, starting a new page when one is full. */
	private static final class Pages implements AutoCloseable {

		private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

		private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

		private static final float MARGIN = 56;

		private final PDDocument document;

		private PDPageContentStream stream;

		private float y;

		private int number;

		Pages(PDDocument document) {
			this.document = document;
		}

		void title(String text) {
			write(BOLD, 18, 0, text, 10);
		}

		void heading(String text) {
			space(10);
			write(BOLD, 14, 0, text, 4);
		}

		void subheading(String text) {
			space(4);
			write(BOLD, 11, 0, text, 2);
		}

		void text(String text) {
			write(REGULAR, 11, 0, text, 4);
		}

		void field(String name, String value) {
			if (value == null || value.isBlank()) {
				return;
			}
			write(REGULAR, 11, 0, name + ": " + value, 2);
		}

		void bullet(String text) {
			write(REGULAR, 11, 12, "- " + text, 2);
		}

		private void space(float points) {
			y -= points;
		}

		private void write(PDType1Font font, float size, float indent, String text, float after) {
			float width = PDRectangle.LETTER.getWidth() - 2 * MARGIN - indent;
			for (String paragraph : printable(text).split("\n")) {
				for (String line : wrap(font, size, paragraph, width)) {
					line(font, size, indent, line);
				}
			}
			y -= after;
		}

		private void line(PDType1Font font, float size, float indent, String text) {
			float leading = size * 1.35f;
			try {
				if (stream == null || y - leading < MARGIN) {
					newPage();
				}
				y -= leading;
				stream.beginText();
				stream.setFont(font, size);
				stream.newLineAtOffset(MARGIN + indent, y);
				stream.showText(text);
				stream.endText();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private void newPage() throws IOException {
			if (stream != null) {
				stream.close();
			}
			PDPage page = new PDPage(PDRectangle.LETTER);
			document.addPage(page);
			stream = new PDPageContentStream(document, page);
			number++;
			stream.beginText();
			stream.setFont(REGULAR, 9);
			stream.newLineAtOffset(MARGIN, MARGIN / 2);
			stream.showText("Haven - copy of my record - page " + number);
			stream.endText();
			y = PDRectangle.LETTER.getHeight() - MARGIN;
		}

		private static List<String> wrap(PDType1Font font, float size, String paragraph, float width) {
			List<String> lines = new ArrayList<>();
			String line = "";
			for (String word : paragraph.split(" ")) {
				if (!line.isEmpty() && width(font, size, line + " " + word) <= width) {
					line = line + " " + word;
					continue;
				}
				if (!line.isEmpty()) {
					lines.add(line);
				}
				// A single word wider than the line (a long code or address) is cut where it must be.
				while (width(font, size, word) > width && word.length() > 1) {
					int cut = word.length() - 1;
					while (cut > 1 && width(font, size, word.substring(0, cut)) > width) {
						cut--;
					}
					lines.add(word.substring(0, cut));
					word = word.substring(cut);
				}
				line = word;
			}
			lines.add(line);
			return lines;
		}

		private static float width(PDType1Font font, float size, String text) {
			try {
				return font.getStringWidth(text) / 1000 * size;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * What the standard fonts can draw (WinAnsi): common typographic marks become their plain forms, anything else
		 * outside Latin-1 a question mark, rather than failing the whole copy on one character.
		 */
		static String printable(String text) {
			StringBuilder out = new StringBuilder(text.length());
			text.replace('\u2018', '\'').replace('\u2019', '\'').replace('\u201C', '"').replace('\u201D', '"')
				.replace('\u2013', '-').replace('\u2014', '-').replace('\t', ' ').replace("\r", "")
				.codePoints()
				.forEach(c -> out.appendCodePoint(c == '\n' || c >= 0x20 && c < 0x7F || c >= 0xA0 && c <= 0xFF ? c : '?'));
			return out.toString();
		}

		@Override
		public void close() throws IOException {
			if (stream != null) {
				stream.close();
				stream = null;
			}
		}

	}

}
