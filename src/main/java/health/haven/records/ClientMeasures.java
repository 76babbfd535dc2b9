package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.List;

/** A client's questionnaires, oldest first, and the safety tasks still open for them. */
public record ClientMeasures(@Phi List<Measure> measures, List<SafetyTask> openTasks) {

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
