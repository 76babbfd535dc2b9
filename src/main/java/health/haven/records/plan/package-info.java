/**
 * The treatment plan's content as values: problems, goals, objectives, interventions, the review schedule and the
 * client's agreement. Only {@link health.haven.records.TreatmentPlans} hands them out, after deciding and auditing the
 * read.
 */
package health.haven.records.plan;
