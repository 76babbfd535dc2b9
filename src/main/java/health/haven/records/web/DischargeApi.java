package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.Discharge;
import health.haven.records.Discharges;
import health.haven.records.NewDischarge;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
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

/** A client's discharge over JSON. */
@RestController
@RequestMapping("/api/v1/clients/{id}/discharge")
class DischargeApi {

	private final Discharges discharges;

	private final AccessDecisions decisions;

	DischargeApi(Discharges discharges, AccessDecisions decisions) {
		this.discharges = discharges;
		this.decisions = decisions;
	}

	@Operation(summary = "The client's discharge, or status \"active\" when not discharged")
	@GetMapping
	Discharge show(@PathVariable String id, @RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		return discharges.of(actor, ChartRequests.clientId(id), ChartRequests.purpose(decisions, actor, purpose));
	}

	@Operation(summary = "Discharges the client (reason: COMPLETED, TRANSFERRED, LEFT_AGAINST_ADVICE, ADMINISTRATIVE, "
			+ "OTHER); the chart then stays readable but read-only")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, String> discharge(@PathVariable String id, @RequestBody DischargeJson body) {
		discharges.discharge(CurrentActor.require(), ChartRequests.clientId(id), new NewDischarge(body.reason(),
				body.dischargedOn(), body.summary(), body.aftercarePlan(), body.category()));
		return Map.of("status", "discharged");
	}

	record DischargeJson(String reason, LocalDate dischargedOn, @Phi String summary, @Phi String aftercarePlan,
			String category) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

}
