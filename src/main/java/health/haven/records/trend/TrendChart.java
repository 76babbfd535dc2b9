package health.haven.records.trend;

import health.haven.records.Instrument;
import health.haven.records.Measure;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A client's PHQ-9 and GAD-7 totals over time, drawn by Haven as plain SVG: no script, no style element (the pages'
 * CSP forbids inline style), nothing fetched. One panel per instrument with its severity bands shaded behind the line;
 * the values are also in the title and aria-label, so a screen reader gets the same picture as the eye. Every piece of
 * text in it is Haven's own (instrument names, band labels, dates and numbers), never anything a user typed.
 */
public final class TrendChart {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final String[] BAND_FILLS = { "#e8f5e9", "#fffde7", "#fff3e0", "#ffe0b2", "#ffcdd2" };

	private static final int WIDTH = 640;

	private static final int PANEL = 180;

	private static final int LEFT = 130;

	private static final int RIGHT = 20;

	private static final int TOP = 30;

	private TrendChart() {
	}

	public static String svg(List<Measure> measures) {
		List<Instrument> instruments = List.of(Instrument.PHQ9, Instrument.GAD7);
		int height = instruments.size() * (PANEL + TOP + 30) + 10;
		String summary = instruments.stream().map(instrument -> describe(instrument, measures))
			.collect(Collectors.joining(" "));
		StringBuilder svg = new StringBuilder();
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"trend-chart\" viewBox=\"0 0 ")
			.append(WIDTH).append(' ').append(height).append("\" aria-label=\"")
			.append(summary).append("\"><title>").append(summary).append("</title>");
		int y = 0;
		for (Instrument instrument : instruments) {
			panel(svg, instrument, measures.stream().filter(m -> m.instrument() == instrument).toList(), y);
			y += PANEL + TOP + 30;
		}
		return svg.append("</svg>").toString();
	}

	/** "PHQ-9 totals: 2026-11-01 14 (moderate), 2026-11-08 9 (mild)." or "PHQ-9: none yet." */
	static String describe(Instrument instrument, List<Measure> measures) {
		List<Measure> mine = measures.stream().filter(m -> m.instrument() == instrument).toList();
		if (mine.isEmpty()) {
			return instrument.title() + ": none yet.";
		}
		return instrument.title() + " totals: " + mine.stream()
			.map(m -> DAY.format(m.submittedAt()) + " " + m.total() + " (" + m.band() + ")")
			.collect(Collectors.joining(", ")) + ".";
	}

	private static void panel(StringBuilder svg, Instrument instrument, List<Measure> points, int top) {
		int plotTop = top + TOP;
		int plotWidth = WIDTH - LEFT - RIGHT;
		double max = instrument.maximum();
		svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(top + 20)
			.append("\" font-size=\"14\" font-weight=\"bold\" fill=\"#1a1a1a\">").append(instrument.title())
			.append(" total (0-").append(instrument.maximum()).append(")</text>");
		List<Instrument.Band> bands = instrument.bands();
		for (int i = 0; i < bands.size(); i++) {
			Instrument.Band band = bands.get(i);
			double yTop = plotTop + PANEL * (1 - (band.to() + (i == bands.size() - 1 ? 0 : 0.5)) / max);
			double yBottom = plotTop + PANEL * (1 - Math.max(0, band.from() - 0.5) / max);
			String fill = BAND_FILLS[i == bands.size() - 1 ? BAND_FILLS.length - 1 : i];
			svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(fmt(yTop)).append("\" width=\"")
				.append(plotWidth).append("\" height=\"").append(fmt(yBottom - yTop)).append("\" fill=\"").append(fill)
				.append("\"/>");
			svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt((yTop + yBottom) / 2 + 4))
				.append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">").append(band.label()).append(" ")
				.append(band.from()).append('-').append(band.to()).append("</text>");
		}
		svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(plotTop).append("\" width=\"").append(plotWidth)
			.append("\" height=\"").append(PANEL).append("\" fill=\"none\" stroke=\"#666\"/>");
		if (points.isEmpty()) {
			svg.append("<text x=\"").append(LEFT + plotWidth / 2).append("\" y=\"").append(plotTop + PANEL / 2)
				.append("\" font-size=\"13\" text-anchor=\"middle\" fill=\"#333\">No ").append(instrument.title())
				.append(" yet</text>");
			return;
		}
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < points.size(); i++) {
			Measure point = points.get(i);
			double x = LEFT + (points.size() == 1 ? plotWidth / 2.0 : 10 + (plotWidth - 20) * i / (points.size() - 1.0));
			double y = plotTop + PANEL * (1 - point.total() / max);
			line.append(i == 0 ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
			svg.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
				.append("\" r=\"4\" fill=\"#0b3d91\"/>");
			svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y - 8))
				.append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#0b3d91\">").append(point.total())
				.append("</text>");
			svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(plotTop + PANEL + 16)
				.append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333\">")
				.append(DAY.format(point.submittedAt())).append("</text>");
		}
		if (points.size() > 1) {
			svg.append("<polyline points=\"").append(line).append("\" fill=\"none\" stroke=\"#0b3d91\" stroke-width=\"2\"/>");
		}
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
