/**
 * The treatment plan's content as values: problems, goals, objectives, interventions, the review schedule and the
 * client's agreement. Only {@link health.haven.records.TreatmentPlans} hands them out, after deciding and auditing the
 * read; they live apart from the module's API classes because their nested accessors (a goal's objectives...) are
 * not entry points and must not each be taken for one by the architecture rule on client data. Exposed to other
 * modules as values to pass to {@code TreatmentPlans.save} (the demo seeds plans with them).
 */
@org.springframework.modulith.NamedInterface("plan")
package health.haven.records.plan;
