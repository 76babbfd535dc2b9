package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.Diagnoses;
import health.haven.records.Diagnosis;
import health.haven.records.MedicationRecord;
import health.haven.records.Medications;
import health.haven.records.NewDiagnosis;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A client's diagnoses, medications and allergies over JSON. */
@RestController
@RequestMapping("/api/v1/clients/{id}")
class DiagnosesApi {

	private final Diagnoses diagnoses;

	private final Medications medications;

	private final AccessDecisions decisions;

	DiagnosesApi(Diagnoses diagnoses, Medications medications, AccessDecisions decisions) {
		this.diagnoses = diagnoses;
		this.medications = medications;
		this.decisions = decisions;
	}

	@Operation(summary = "The client's diagnoses (ICD-10-CM), primary first")
	@GetMapping("/diagnoses")
	List<Diagnosis> list(@PathVariable String id, @RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		return diagnoses.of(actor, ChartRequests.clientId(id), ChartRequests.purpose(decisions, actor, purpose));
	}

	@Operation(summary = "Adds a diagnosis; an ICD-10-CM code Haven does not know is refused")
	@PostMapping("/diagnoses")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> add(@PathVariable String id, @RequestBody NewDiagnosisJson body) {
		NewDiagnosis diagnosis = new NewDiagnosis(body.code(), body.onset(), Boolean.TRUE.equals(body.primary()),
				body.category());
		return Map.of("id", diagnoses.record(CurrentActor.require(), ChartRequests.clientId(id), diagnosis).toString());
	}

	@Operation(summary = "Resolves, reactivates or makes primary one of the client's diagnoses")
	@PostMapping("/diagnoses/status")
	Map<String, String> change(@PathVariable String id, @RequestBody StatusJson body) {
		diagnoses.change(CurrentActor.require(), ChartRequests.clientId(id),
				ChartRequests.optionalUuid(body.diagnosis()), body.status(), Boolean.TRUE.equals(body.primary()));
		return Map.of("status", String.valueOf(body.status()));
	}

	@Operation(summary = "The client's medications and allergies as recorded")
	@GetMapping("/medications")
	MedicationRecord medications(@PathVariable String id, @RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		return medications.of(actor, ChartRequests.clientId(id), ChartRequests.purpose(decisions, actor, purpose));
	}

	@Operation(summary = "Records medications and allergies; basedOn is the version the edit started from")
	@PostMapping("/medications")
	Map<String, Integer> recordMedications(@PathVariable String id, @RequestBody MedicationsJson body) {
		int version = medications.record(CurrentActor.require(), ChartRequests.clientId(id), body.medications(),
				body.allergies(), body.basedOn() == null ? 0 : body.basedOn(), body.category());
		return Map.of("version", version);
	}

	record NewDiagnosisJson(@Phi String code, @Phi LocalDate onset, Boolean primary, String category) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	record StatusJson(String diagnosis, String status, Boolean primary) {
	}

	record MedicationsJson(@Phi String medications, @Phi String allergies, Integer basedOn, String category) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

}
