package health.haven.portal.web;

import health.haven.consent.ClientConsents;
import health.haven.consent.ConsentKind;
import health.haven.records.QuestionnaireSchedule;
import health.haven.records.QuestionnaireSchedules;
import health.haven.records.TreatmentPlans;
import health.haven.shared.Purpose;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What is the client's to do: questionnaires due, a treatment plan (version) not yet signed, consents not yet signed
 * in their current version. Always shown, with "nothing to do" when the list is empty.
 */
@Component
@Order(30)
class TasksSection implements HomeSection {

	private final QuestionnaireSchedules schedules;

	private final TreatmentPlans plans;

	private final ClientConsents consents;

	TasksSection(QuestionnaireSchedules schedules, TreatmentPlans plans, ClientConsents consents) {
		this.schedules = schedules;
		this.plans = plans;
		this.consents = consents;
	}

	@Override
	public Optional<Shown> show(PortalClient client) {
		List<Task> tasks = new ArrayList<>();
		for (QuestionnaireSchedule due : schedules.of(client.actor(), client.client(), Purpose.PATIENT_REQUEST)) {
			if (due.due()) {
				tasks.add(new Task("Fill in your " + due.instrument().title() + " questionnaire (due " + due.dueSince()
						+ ")", "/portal/questionnaires/" + due.instrument().title().toLowerCase(Locale.ROOT),
						"Fill in the " + due.instrument().title()));
			}
		}
		plans.of(client.actor(), client.client(), Purpose.PATIENT_REQUEST)
			.filter(plan -> !plan.agreedToCurrentVersion())
			.ifPresent(plan -> tasks.add(new Task(plan.agreement() == null ? "Read and sign your treatment plan"
					: "Your treatment plan has changed: read and sign the new version", "/portal/plan",
					"Read your plan")));
		for (ConsentKind kind : ConsentKind.values()) {
			if (!consents.hasSignedCurrent(client.actor().org(), client.client(), kind)) {
				tasks.add(new Task("Sign the " + kind.title().toLowerCase(Locale.ROOT), "/consents/" + kind.slug(),
						"Read and sign the " + kind.title().toLowerCase(Locale.ROOT)));
			}
		}
		return Optional.of(new Shown("tasks", tasks));
	}

	/**
	 * @param text what to do, in plain words
	 * @param href where to do it
	 * @param action the link's words
	 */
	record Task(String text, String href, String action) {
	}

}
