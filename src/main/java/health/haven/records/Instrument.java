package health.haven.records;

import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.util.List;
import java.util.Locale;

/**
 * The standardized questionnaires of measurement-based care, with their LOINC codes (panel, total score and one code
 * per item, as LOINC publishes them), their items in the authors' words and their severity bands.
 *
 * <p>PHQ-9 and GAD-7: Copyright Pfizer Inc. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke
 * and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display
 * or distribute. Every item is answered 0 (not at all), 1 (several days), 2 (more than half the days) or 3 (nearly
 * every day), over the last 2 weeks; the total is the plain sum (Kroenke 2001; Spitzer 2006).
 */
public enum Instrument {

	PHQ9("PHQ-9", "44249-1", "44261-6",
			List.of(new Item("44250-9", "Little interest or pleasure in doing things"),
					new Item("44255-8", "Feeling down, depressed, or hopeless"),
					new Item("44259-0", "Trouble falling or staying asleep, or sleeping too much"),
					new Item("44254-1", "Feeling tired or having little energy"),
					new Item("44251-7", "Poor appetite or overeating"),
					new Item("44258-2",
							"Feeling bad about yourself, or that you are a failure or have let yourself or your family down"),
					new Item("44252-5",
							"Trouble concentrating on things, such as reading the newspaper or watching television"),
					new Item("44253-3",
							"Moving or speaking so slowly that other people could have noticed? Or the opposite, being so "
									+ "fidgety or restless that you have been moving around a lot more than usual"),
					new Item("44260-8", "Thoughts that you would be better off dead or of hurting yourself in some way")),
			List.of(new Band(0, 4, "minimal"), new Band(5, 9, "mild"), new Band(10, 14, "moderate"),
					new Band(15, 19, "moderately severe"), new Band(20, 27, "severe"))),

	GAD7("GAD-7", "69737-5", "70274-6",
			List.of(new Item("69725-0", "Feeling nervous, anxious, or on edge"),
					new Item("68509-9", "Not being able to stop or control worrying"),
					new Item("69733-4", "Worrying too much about different things"),
					new Item("69734-2", "Trouble relaxing"),
					new Item("69735-9", "Being so restless that it is hard to sit still"),
					new Item("69689-8", "Becoming easily annoyed or irritable"),
					new Item("69736-7", "Feeling afraid as if something awful might happen")),
			List.of(new Band(0, 4, "minimal"), new Band(5, 9, "mild"), new Band(10, 14, "moderate"),
					new Band(15, 21, "severe")));

	/** The words every item is asked with. */
	public static final String STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?";

	/** The answers, by value. */
	public static final List<String> ANSWERS = List.of("Not at all", "Several days", "More than half the days",
			"Nearly every day");

	/** PHQ-9 item 9 (thoughts of being better off dead or of self-harm), zero-based: any answer above 0 escalates. */
	static final int PHQ9_SAFETY_ITEM = 8;

	private final String title;

	private final String panelLoinc;

	private final String totalLoinc;

	private final List<Item> items;

	private final List<Band> bands;

	Instrument(String title, String panelLoinc, String totalLoinc, List<Item> items, List<Band> bands) {
		this.title = title;
		this.panelLoinc = panelLoinc;
		this.totalLoinc = totalLoinc;
		this.items = items;
		this.bands = bands;
	}

	public String title() {
		return title;
	}

	public String panelLoinc() {
		return panelLoinc;
	}

	public String totalLoinc() {
		return totalLoinc;
	}

	public List<Item> items() {
		return items;
	}

	public List<Band> bands() {
		return bands;
	}

	public int maximum() {
		return items.size() * 3;
	}

	/** The instrument a caller names: "PHQ-9", "phq9", "GAD-7" or a panel LOINC code. */
	public static Instrument named(String name) {
		if (name != null) {
			String key = name.strip().toUpperCase(Locale.ROOT).replace("-", "");
			for (Instrument instrument : values()) {
				if (instrument.name().equals(key) || instrument.panelLoinc.replace("-", "").equals(key)) {
					return instrument;
				}
			}
		}
		throw new HavenException("RECORDS_MEASURE_INSTRUMENT_UNKNOWN", Kind.BAD_REQUEST,
				"the instrument must be PHQ-9 or GAD-7");
	}

	static Instrument byPanel(String loinc) {
		for (Instrument instrument : values()) {
			if (instrument.panelLoinc.equals(loinc)) {
				return instrument;
			}
		}
		throw new IllegalStateException("unknown instrument code " + loinc);
	}

	/** Checks a whole set of answers: one per item, each 0 to 3. */
	public List<Integer> check(List<Integer> answers) {
		if (answers == null || answers.size() != items.size()) {
			throw new HavenException("RECORDS_MEASURE_ANSWER_COUNT", Kind.BAD_REQUEST,
					"the " + title + " needs exactly " + items.size() + " answers, one per item");
		}
		for (Integer answer : answers) {
			if (answer == null || answer < 0 || answer > 3) {
				throw new HavenException("RECORDS_MEASURE_ANSWER_INVALID", Kind.BAD_REQUEST,
						"every answer must be 0, 1, 2 or 3");
			}
		}
		return List.copyOf(answers);
	}

	/** The total score of a checked set of answers. */
	public int score(List<Integer> answers) {
		return check(answers).stream().mapToInt(Integer::intValue).sum();
	}

	/** The severity band a total falls in. */
	public Band band(int total) {
		return bands.stream()
			.filter(band -> band.contains(total))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("a " + title + " total is 0 to " + maximum()));
	}

	/** Whether these answers call for an urgent safety follow-up (PHQ-9 item 9 above 0). */
	public boolean raisesSafetyConcern(List<Integer> answers) {
		return this == PHQ9 && check(answers).get(PHQ9_SAFETY_ITEM) > 0;
	}

	public record Item(String loinc, String text) {
	}

	public record Band(int from, int to, String label) {

		public boolean contains(int total) {
			return total >= from && total <= to;
		}

	}

}
