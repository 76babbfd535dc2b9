package health.haven.records;

import health.haven.records.plan.PlanContent.Goal;
import health.haven.records.plan.PlanContent.Intervention;
import health.haven.records.plan.PlanContent.Objective;
import health.haven.records.plan.PlanContent.Problem;
import health.haven.records.plan.PlanContent;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * What makes a treatment plan complete enough to save: every problem has a goal, every goal a measurable objective
 * with a target date, every objective an intervention. Messages say what is missing without repeating any of it.
 */
final class PlanRules {

	static final int MAX_TEXT = 2000;

	static final int MAX_ITEMS = 20;

	private PlanRules() {
	}

	/**
	 * @param previous the version being replaced (empty for a new plan): a target date already in it may have
	 * passed (an objective not met in time stays on the plan); a date entered or changed now may not be in the past
	 */
	static void check(PlanContent plan, PlanContent previous, LocalDate today) {
		if (plan == null || plan.problems().isEmpty()) {
			throw invalid("RECORDS_PLAN_PROBLEM_MISSING", "a treatment plan needs at least one problem");
		}
		Set<String> earlierDates = new HashSet<>();
		for (Problem problem : previous.problems()) {
			for (Goal goal : problem.goals()) {
				earlierDates.add(goal.text() + "\0" + goal.targetDate());
				for (Objective objective : goal.objectives()) {
					earlierDates.add(objective.text() + "\0" + objective.targetDate());
				}
			}
		}
		count(plan.problems().size(), "problems");
		int p = 0;
		for (Problem problem : plan.problems()) {
			p++;
			text(problem == null ? null : problem.statement(), "RECORDS_PLAN_PROBLEM_MISSING",
					"problem " + p + " needs a statement");
			if (problem.goals().isEmpty()) {
				throw invalid("RECORDS_PLAN_GOAL_MISSING", "problem " + p + " needs at least one goal");
			}
			count(problem.goals().size(), "goals");
			int g = 0;
			for (Goal goal : problem.goals()) {
				g++;
				String where = "goal " + p + "." + g;
				text(goal == null ? null : goal.text(), "RECORDS_PLAN_GOAL_MISSING", where + " needs its text");
				targetDate(goal.text(), goal.targetDate(), earlierDates, today, where);
				if (goal.objectives().isEmpty()) {
					throw invalid("RECORDS_PLAN_OBJECTIVE_MISSING", where + " needs at least one measurable objective");
				}
				count(goal.objectives().size(), "objectives");
				int o = 0;
				for (Objective objective : goal.objectives()) {
					o++;
					String at = "objective " + p + "." + g + "." + o;
					text(objective == null ? null : objective.text(), "RECORDS_PLAN_OBJECTIVE_MISSING",
							at + " needs its text");
					if (objective.targetDate() == null) {
						throw invalid("RECORDS_PLAN_TARGET_DATE_MISSING", at + " needs a target date");
					}
					targetDate(objective.text(), objective.targetDate(), earlierDates, today, at);
					if (objective.interventions().isEmpty()) {
						throw invalid("RECORDS_PLAN_INTERVENTION_MISSING", at + " needs at least one intervention");
					}
					count(objective.interventions().size(), "interventions");
					for (Intervention intervention : objective.interventions()) {
						text(intervention == null ? null : intervention.text(), "RECORDS_PLAN_INTERVENTION_MISSING",
								"every intervention of " + at + " needs its text");
						if (intervention.frequency() != null && intervention.frequency().length() > 200) {
							throw invalid("RECORDS_PLAN_TEXT_TOO_LONG", "a frequency is limited to 200 characters");
						}
					}
				}
			}
		}
	}

	private static void targetDate(String text, LocalDate date, Set<String> earlier, LocalDate today, String where) {
		if (date == null) {
			return;
		}
		if (date.isBefore(today) && !earlier.contains(text + "\0" + date)) {
			throw invalid("RECORDS_PLAN_TARGET_DATE_PAST", "the target date of " + where + " is in the past");
		}
		if (date.isAfter(today.plusYears(5))) {
			throw invalid("RECORDS_PLAN_TARGET_DATE_INVALID", "the target date of " + where
					+ " is more than five years away");
		}
	}

	private static void text(String value, String code, String missing) {
		if (value == null || value.isBlank()) {
			throw invalid(code, missing);
		}
		if (value.length() > MAX_TEXT) {
			throw invalid("RECORDS_PLAN_TEXT_TOO_LONG", "each text of the plan is limited to 2000 characters");
		}
	}

	private static void count(int size, String what) {
		if (size > MAX_ITEMS) {
			throw invalid("RECORDS_PLAN_TOO_LARGE", "at most 20 " + what + " per level");
		}
	}

	private static HavenException invalid(String code, String explanation) {
		return new HavenException(code, Kind.BAD_REQUEST, explanation);
	}

}
