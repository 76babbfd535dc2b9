package health.haven.records.web;

import health.haven.consent.AccessDecisions;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.identity.Role;
import health.haven.records.TreatmentPlans;
import health.haven.records.plan.PlanContent;
import health.haven.records.plan.TreatmentPlan;
import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A client's treatment plan over JSON. Every change names the version it started from ({@code basedOn} or
 * {@code version}); a change to a plan saved meanwhile by someone else is refused with 409.
 */
@RestController
@RequestMapping("/api/v1/clients/{id}/treatment-plan")
class TreatmentPlanApi {

	private final TreatmentPlans plans;

	private final AccessDecisions decisions;

	TreatmentPlanApi(TreatmentPlans plans, AccessDecisions decisions) {
		this.plans = plans;
		this.decisions = decisions;
	}

	@Operation(summary = "The client's current treatment plan, with its review status and the client's agreement")
	@GetMapping
	PlanJson plan(@PathVariable String id, @RequestParam(required = false) String purpose) {
		Actor actor = CurrentActor.require();
		return plans.of(actor, ChartRequests.clientId(id), ChartRequests.purpose(decisions, actor, purpose))
			.map(PlanJson::of)
			.orElse(PlanJson.NONE);
	}

	@Operation(summary = "Saves a new version of the plan (basedOn 0 writes the first one)")
	@PostMapping
	Map<String, Integer> save(@PathVariable String id, @RequestBody SaveJson body) {
		int version = plans.save(CurrentActor.require(), ChartRequests.clientId(id), new PlanContent(body.problems()),
				body.basedOn() == null ? 0 : body.basedOn(), body.category());
		return Map.of("version", version);
	}

	@Operation(summary = "Records that this version of the plan was reviewed today")
	@PostMapping("/review")
	Map<String, Integer> review(@PathVariable String id, @RequestBody VersionJson body) {
		int version = body.version() == null ? 0 : body.version();
		plans.review(CurrentActor.require(), ChartRequests.clientId(id), version);
		return Map.of("version", version);
	}

	@Operation(summary = "Records the client's agreement to this version: given in session (staff record it) or "
			+ "e-signed by the client (typed name, the version's content hash, agreed)")
	@PostMapping("/agreement")
	Map<String, Integer> agree(@PathVariable String id, @RequestBody VersionJson body) {
		int version = body.version() == null ? 0 : body.version();
		Actor actor = CurrentActor.require();
		if (actor.has(Role.CLIENT) && !actor.isStaff()) {
			plans.sign(actor, ChartRequests.clientId(id), version, body.contentSha256(), body.typedName(),
					Boolean.TRUE.equals(body.agreed()));
		}
		else {
			plans.recordAgreement(actor, ChartRequests.clientId(id), version, body.agreedBy());
		}
		return Map.of("version", version);
	}

	record SaveJson(Integer basedOn, String category, @Phi List<PlanContent.Problem> problems) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	/**
	 * @param agreedBy CLIENT or GUARDIAN (staff only; a client agreeing in the portal is the client)
	 * @param contentSha256 the client's e-signature: the hash of the version they read
	 * @param typedName the client's e-signature: their full name as they typed it
	 */
	record VersionJson(Integer version, String agreedBy, String contentSha256, @Phi String typedName,
			Boolean agreed) {

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

	record PlanJson(boolean exists, String id, int version, String category, @Phi List<PlanContent.Problem> problems,
			Instant createdAt, Instant updatedAt, Instant reviewedAt, LocalDate reviewDue, String reviewStatus,
			TreatmentPlan.Agreement agreement, boolean agreedToCurrentVersion, String contentSha256) {

		static final PlanJson NONE = new PlanJson(false, null, 0, null, List.of(), null, null, null, null, null, null,
				false, null);

		static PlanJson of(TreatmentPlan plan) {
			return new PlanJson(true, plan.id().toString(), plan.version(), plan.category().name(),
					plan.content().problems(), plan.createdAt(), plan.updatedAt(), plan.reviewedAt(),
					plan.review().due(), plan.review().status().name(), plan.agreement(),
					plan.agreedToCurrentVersion(), plan.contentSha256());
		}

		@Override
		public String toString() {
			return Redaction.describe(this);
		}

	}

}
