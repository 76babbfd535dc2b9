package health.haven.operations.internal;

import health.haven.identity.Accounts;
import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.records.Diagnoses;
import health.haven.records.GroupNoteWritten;
import health.haven.records.GroupNotes;
import health.haven.records.IntakeAssessments;
import health.haven.records.IntakeEdit;
import health.haven.records.IntakeTemplates;
import health.haven.records.NewDiagnosis;
import health.haven.records.NewGroupNote;
import health.haven.records.NewProgressNote;
import health.haven.records.ProgressNotes;
import health.haven.records.TreatmentPlans;
import health.haven.records.plan.PlanContent;
import health.haven.shared.ClientId;
import health.haven.shared.OrgId;
import health.haven.shared.UserId;
import health.haven.shared.tenancy.TenantWork;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A chart for every demo client: a diagnosis (a real ICD-10-CM code of the bundled subset), a treatment plan with one
 * problem, goal, objective and intervention, and a signed progress note, written by the client's own clinician; a
 * signed intake assessment for two clients of each team (seeded on its own, once, when the demo has none); and a
 * signed group note of the evening team for three of its clients, written by its facilitator. Written through the
 * records services (so sealed, decided and audited as those people), in one transaction, once per database: run when
 * the application is ready (after the demo organization exists), and skipped when the demo already has a plan.
 */
@Component
@ConditionalOnProperty(name = "haven.demo", havingValue = "true")
class DemoChart {

	private static final Logger log = LoggerFactory.getLogger(DemoChart.class);

	/** Evening team (SUD) codes, then day team (mental health) codes: all in icd10cm-behavioral.tsv. */
	private static final List<String> EVENING_CODES = List.of("F10.20", "F11.20", "F12.20", "F14.20", "F10.20",
			"F11.21");

	private static final List<String> DAY_CODES = List.of("F33.1", "F41.1", "F43.10", "F32.1", "F33.0", "F41.1");

	private final JdbcClient db;

	private final TenantWork work;

	private final Accounts accounts;

	private final DemoPeople people;

	private final Diagnoses diagnoses;

	private final TreatmentPlans plans;

	private final ProgressNotes notes;

	private final GroupNotes groupNotes;

	private final IntakeAssessments intakes;

	DemoChart(JdbcClient db, TenantWork work, Accounts accounts, DemoPeople people, Diagnoses diagnoses,
			TreatmentPlans plans, ProgressNotes notes, GroupNotes groupNotes, IntakeAssessments intakes) {
		this.intakes = intakes;
		this.db = db;
		this.work = work;
		this.accounts = accounts;
		this.people = people;
		this.diagnoses = diagnoses;
		this.plans = plans;
		this.notes = notes;
		this.groupNotes = groupNotes;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		Optional<UUID> demo = db.sql("SELECT org_id FROM operations.demo_seed").query(UUID.class).optional();
		Optional<UserId> evening = accounts.findByEmail("clinician@" + DemoOrganization.EMAIL_DOMAIN);
		Optional<UserId> day = accounts.findByEmail("clinician2@" + DemoOrganization.EMAIL_DOMAIN);
		Optional<UserId> facilitator = accounts.findByEmail("facilitator@" + DemoOrganization.EMAIL_DOMAIN);
		if (demo.isEmpty() || evening.isEmpty() || day.isEmpty() || facilitator.isEmpty()) {
			return;
		}
		OrgId org = new OrgId(demo.get());
		Actor eveningClinician = actor(org, evening.get(), Role.CLINICIAN);
		Actor dayClinician = actor(org, day.get(), Role.CLINICIAN);
		List<ClientId> eveningTeam = people.ownClients(org, evening.get());
		List<ClientId> dayTeam = people.ownClients(org, day.get());
		// Apart from the chart below, so that a demo seeded before intake existed gains its intakes too.
		if (work.reading(org,
				() -> db.sql("SELECT count(*) FROM records.intake_assessment").query(Long.class).single()) == 0) {
			work.inTransaction(org, () -> {
				for (int i = 0; i < Math.min(2, eveningTeam.size()); i++) {
					intake(eveningClinician, eveningTeam.get(i), true, i);
				}
				for (int i = 0; i < Math.min(2, dayTeam.size()); i++) {
					intake(dayClinician, dayTeam.get(i), false, i);
				}
			});
		}
		if (work.reading(org,
				() -> db.sql("SELECT count(*) FROM records.treatment_plan").query(Long.class).single()) > 0) {
			return;
		}
		// One transaction: a demo with half a chart would be skipped by the check above on the next start.
		work.inTransaction(org, () -> {
			for (int i = 0; i < eveningTeam.size(); i++) {
				chart(eveningClinician, eveningTeam.get(i), EVENING_CODES.get(i % EVENING_CODES.size()), "SUD_PART2",
						"Substance use is harming health, work and family", "Sustain abstinence from alcohol and drugs",
						"Attend at least 9 hours of IOP groups each week with no more than one missed session",
						"Relapse-prevention skills group", i);
			}
			for (int i = 0; i < dayTeam.size(); i++) {
				chart(dayClinician, dayTeam.get(i), DAY_CODES.get(i % DAY_CODES.size()), "GENERAL",
						"Low mood and worry limit daily activities", "Reduce symptoms of depression and anxiety",
						"PHQ-9 total below 10 on two consecutive weekly measures", "Cognitive behavioural therapy", i);
			}
			if (eveningTeam.size() >= 3) {
				groupNote(actor(org, facilitator.get(), Role.FACILITATOR), eveningTeam.subList(0, 3));
			}
		});
		log.info("Seeded diagnoses, treatment plans and signed notes for {} demo clients, and an evening group note",
				eveningTeam.size() + dayTeam.size());
	}

	private void chart(Actor clinician, ClientId client, String code, String category, String problem, String goal,
			String objective, String intervention, int index) {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		diagnoses.record(clinician, client,
				new NewDiagnosis(code, today.minusMonths(6 + index), true, category.equals("GENERAL") ? null : category));
		plans.save(clinician, client, new PlanContent(List.of(new PlanContent.Problem(problem,
				List.of(new PlanContent.Goal(goal, today.plusDays(90), List.of(new PlanContent.Objective(objective,
						today.plusDays(30), List.of(new PlanContent.Intervention(intervention, "3 times a week"))))))))),
				0, category);
		UUID note = notes.create(clinician, client, new NewProgressNote("DAP", null, category,
				today.minusDays(1).toString(), false, Map.of(
						"data", "Attended the session on time; reported a steady week and completed the practice task.",
						"assessment", "Engaged and making progress towards the plan's objective.",
						"plan", "Continue the program schedule; review the plan at the next session.")));
		notes.sign(clinician, client, note.toString(), 1);
	}

	/** A signed intake on the bundled template, by the client's own clinician. */
	private void intake(Actor clinician, ClientId client, boolean substanceUse, int index) {
		UUID id = intakes.start(clinician, client, IntakeTemplates.BUNDLED_KEY);
		int version = intakes.saveDraft(clinician, client, id.toString(),
				new IntakeEdit(1, DemoIntakes.answers(substanceUse, index)));
		intakes.sign(clinician, client, id.toString(), version);
	}

	private void groupNote(Actor facilitator, List<ClientId> attendees) {
		List<String> participation = List.of(
				"Described two personal triggers and a plan for the weekend.",
				"Quiet at first; later practised urge surfing with the group and said it helped.",
				"Offered support to peers and shared a coping card they made.");
		List<NewGroupNote.Attendee> people = new ArrayList<>();
		for (int i = 0; i < attendees.size(); i++) {
			people.add(new NewGroupNote.Attendee(attendees.get(i).toString(), participation.get(i)));
		}
		GroupNoteWritten written = groupNotes.write(facilitator, new NewGroupNote("Coping with cravings",
				"Relapse prevention, module 3: urge surfing", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString(),
				"SUD_PART2", people));
		written.notes().forEach((client, note) -> notes.sign(facilitator, client, note.toString(), 1));
	}


	private static Actor actor(OrgId org, UserId user, Role role) {
		return new Actor(org, user, Set.of(role), null, "127.0.0.1");
	}

}
