/**
 * The treatment plan's content as values: problems, goals, objectives, interventions, the review schedule and the
 * client's agreement. Only {@link health.haven.records.TreatmentPlans} hands them out, after deciding and auditing the
 * read. Exposed to other modules as values to pass to {@code TreatmentPlans.save} (the demo seeds plans with them).
 */
@org.springframework.modulith.NamedInterface("plan")
package health.haven.records.plan;
