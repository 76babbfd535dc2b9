package health.haven.records;

import ca.uhn.fhir.context.FhirContext;
import health.haven.consent.DataCategory;
import health.haven.records.ProgressNotes.CopiedNote;
import health.haven.records.plan.PlanContent;
import health.haven.records.plan.TreatmentPlan;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The client's copy of their record as a FHIR R4 {@code collection} Bundle (HAPI FHIR structures; ADR 0014):
 * Patient; Condition per diagnosis (ICD-10-CM); MedicationStatement and AllergyIntolerance per line the clinician
 * wrote; the current CarePlan; an Observation per PHQ-9 or GAD-7 total (LOINC); a DocumentReference per signed note
 * (its text as a plain-text attachment) and per document (its file). Resources from Part 2 records carry the DS4P
 * security label {@code 42CFRPart2} in {@code meta.security}, so that a receiving system keeps treating them as such.
 * Psychotherapy notes are never in the copy this is made from.
 */
final class RecordBundle {

	static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

	static final String LOINC = "http://loinc.org";

	static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

	/** LOINC 11506-3 "Progress note". */
	static final String PROGRESS_NOTE = "11506-3";

	private RecordBundle() {
	}

	/** Built once: a FHIR context is costly to create and safe to share. */
	private static final class Context {

		static final FhirContext R4 = FhirContext.forR4();

	}

	static FhirContext context() {
		return Context.R4;
	}

	static byte[] render(RecordCopy copy) {
		Bundle bundle = new Bundle();
		bundle.setId(UUID.randomUUID().toString());
		bundle.setType(Bundle.BundleType.COLLECTION);
		bundle.setTimestamp(Date.from(copy.generatedAt()));
		String patientUrl = "urn:uuid:" + copy.client().id();
		Reference patient = new Reference(patientUrl);
		add(bundle, patientUrl, patient(copy));
		for (Diagnosis diagnosis : copy.diagnoses()) {
			Condition condition = new Condition();
			condition.setSubject(patient);
			condition.setCode(new CodeableConcept(new Coding(ICD10CM, diagnosis.code(), diagnosis.title()))
				.setText(diagnosis.title()));
			condition.setClinicalStatus(new CodeableConcept(new Coding(
					"http://terminology.hl7.org/CodeSystem/condition-clinical",
					diagnosis.active() ? "active" : "resolved", null)));
			if (diagnosis.onset() != null) {
				condition.setOnset(new DateTimeType(diagnosis.onset().toString()));
			}
			condition.setRecordedDate(Date.from(diagnosis.recordedAt()));
			add(bundle, diagnosis.id(), label(condition, diagnosis.category()));
		}
		MedicationRecord medications = copy.medications();
		for (String line : lines(medications.medications())) {
			MedicationStatement statement = new MedicationStatement();
			statement.setStatus(MedicationStatement.MedicationStatementStatus.UNKNOWN);
			statement.setMedication(new CodeableConcept().setText(line));
			statement.setSubject(patient);
			add(bundle, UUID.randomUUID(), label(statement, medications.category()));
		}
		for (String line : lines(medications.allergies())) {
			AllergyIntolerance allergy = new AllergyIntolerance();
			allergy.setPatient(patient);
			allergy.setCode(new CodeableConcept().setText(line));
			add(bundle, UUID.randomUUID(), label(allergy, medications.category()));
		}
		copy.plan().ifPresent(plan -> add(bundle, plan.id(), label(carePlan(plan, patient), plan.category())));
		for (Measure measure : copy.measures()) {
			Observation observation = new Observation();
			observation.setStatus(Observation.ObservationStatus.FINAL);
			observation.addCategory(new CodeableConcept(new Coding(
					"http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey")));
			observation.setCode(new CodeableConcept(new Coding(LOINC, measure.instrument().totalLoinc(),
					measure.instrument().title() + " total score")).setText(measure.instrument().title()));
			observation.setSubject(patient);
			observation.setEffective(new DateTimeType(Date.from(measure.submittedAt())));
			observation.setValue(new IntegerType(measure.total()));
			observation.addInterpretation().setText(measure.band());
			add(bundle, measure.id(), label(observation, measure.category()));
		}
		for (CopiedNote note : copy.notes()) {
			DocumentReference reference = new DocumentReference();
			reference.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
			reference.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
			reference.setType(new CodeableConcept(new Coding(LOINC, PROGRESS_NOTE, "Progress note")));
			reference.setSubject(patient);
			reference.setDate(Date.from(note.signedAt()));
			reference.addAuthor().setDisplay(copy.staff(note.author()));
			reference.setDescription(note.template().name() + " note of " + note.serviceDate());
			reference.addContent().setAttachment(new Attachment().setContentType("text/plain; charset=utf-8")
				.setTitle("Progress note " + note.serviceDate())
				.setData(noteText(note).getBytes(StandardCharsets.UTF_8)));
			add(bundle, note.id(), label(reference, note.category()));
		}
		for (int i = 0; i < copy.documents().size(); i++) {
			DocumentFile file = copy.documents().get(i);
			DocumentSummary summary = copy.documentSummaries().get(i);
			DocumentReference reference = new DocumentReference();
			reference.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
			reference.setType(new CodeableConcept().setText(summary.kind()));
			reference.setSubject(patient);
			reference.setDate(Date.from(summary.uploadedAt()));
			reference.setDescription(file.title());
			reference.addContent().setAttachment(new Attachment().setContentType(file.contentType())
				.setTitle(file.title())
				.setData(file.content()));
			add(bundle, file.id(), label(reference, summary.category()));
		}
		return context().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle)
			.getBytes(StandardCharsets.UTF_8);
	}

	private static Patient patient(RecordCopy copy) {
		ClientSummary client = copy.client();
		Patient patient = new Patient();
		patient.addIdentifier().setSystem("urn:haven:client").setValue(client.id().toString());
		String name = client.name();
		int last = name.lastIndexOf(' ');
		var human = patient.addName().setText(name);
		if (last > 0) {
			human.setFamily(name.substring(last + 1)).addGiven(name.substring(0, last));
		}
		if (copy.profile().demographics() != null && copy.profile().demographics().preferredName() != null) {
			patient.addName().setUse(org.hl7.fhir.r4.model.HumanName.NameUse.USUAL)
				.setText(copy.profile().demographics().preferredName());
		}
		patient.setBirthDate(Date.from(client.dateOfBirth().atStartOfDay(ZoneOffset.UTC).toInstant()));
		patient.getBirthDateElement().setValueAsString(client.dateOfBirth().toString());
		patient.addAddress().setState(client.state()).setCountry("US");
		if (client.contact() != null) {
			patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.OTHER).setValue(client.contact());
		}
		return patient;
	}

	private static CarePlan carePlan(TreatmentPlan plan, Reference patient) {
		CarePlan carePlan = new CarePlan();
		carePlan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
		carePlan.setIntent(CarePlan.CarePlanIntent.PLAN);
		carePlan.setSubject(patient);
		carePlan.setTitle("Treatment plan, version " + plan.version());
		carePlan.setCreated(Date.from(plan.createdAt()));
		StringBuilder description = new StringBuilder();
		for (PlanContent.Problem problem : plan.content().problems()) {
			description.append("Problem: ").append(problem.statement()).append('\n');
			for (PlanContent.Goal goal : problem.goals()) {
				description.append("  Goal: ").append(goal.text()).append('\n');
				for (PlanContent.Objective objective : goal.objectives()) {
					description.append("    Objective: ").append(objective.text()).append('\n');
					for (PlanContent.Intervention intervention : objective.interventions()) {
						carePlan.addActivity().getDetail()
							.setStatus(CarePlan.CarePlanActivityStatus.INPROGRESS)
							.setDescription(intervention.text()
									+ (intervention.frequency() == null ? "" : ", " + intervention.frequency()));
					}
				}
			}
		}
		carePlan.setDescription(description.toString().strip());
		return carePlan;
	}

	private static String noteText(CopiedNote note) {
		StringBuilder text = new StringBuilder();
		for (Map.Entry<String, String> section : note.sections().entrySet()) {
			text.append(section.getKey().toUpperCase()).append(": ").append(section.getValue()).append("\n\n");
		}
		for (String addendum : note.addenda()) {
			text.append("ADDENDUM: ").append(addendum).append("\n\n");
		}
		return text.toString().strip();
	}

	private static List<String> lines(String text) {
		return text == null ? List.of() : text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
	}

	private static Resource label(Resource resource, DataCategory category) {
		if (category == DataCategory.SUD_PART2) {
			resource.getMeta().addSecurity(new Coding(ACT_CODE, "42CFRPart2", "42 CFR Part2"));
		}
		return resource;
	}

	private static void add(Bundle bundle, UUID id, Resource resource) {
		add(bundle, "urn:uuid:" + id, resource);
	}

	private static void add(Bundle bundle, String fullUrl, Resource resource) {
		resource.setId(fullUrl.substring("urn:uuid:".length()));
		bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
	}

}
