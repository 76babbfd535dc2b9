package health.haven.records.plan;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.time.LocalDate;
import java.util.List;

/**
 * What a treatment plan says: problems, each with goals, each with measurable objectives, each with the
 * interventions that work towards it. Sealed as one document per plan version.
 */
@Phi
public record PlanContent(List<Problem> problems) {

	public PlanContent {
		problems = problems == null ? List.of() : List.copyOf(problems);
	}

	/** @param statement the problem in the clinic's and the client's words */
	@Phi
	public record Problem(String statement, List<Goal> goals) {

		public Problem {
			goals = goals == null ? List.of() : List.copyOf(goals);
		}

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	/** @param targetDate when the goal should be reached; optional (objectives carry the firm dates) */
	@Phi
	public record Goal(String text, LocalDate targetDate, List<Objective> objectives) {

		public Goal {
			objectives = objectives == null ? List.of() : List.copyOf(objectives);
		}

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	/** @param text measurable: what will be observed, how often, by when (e.g. "PHQ-9 below 10 on two visits") */
	@Phi
	public record Objective(String text, LocalDate targetDate, List<Intervention> interventions) {

		public Objective {
			interventions = interventions == null ? List.of() : List.copyOf(interventions);
		}

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	/** @param frequency e.g. "3 group sessions a week"; optional */
	@Phi
	public record Intervention(String text, String frequency) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
