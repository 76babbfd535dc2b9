/**
 * A client's enrollment as values: the enrollment and its level-of-care and status history. Only
 * {@link health.haven.scheduling.Enrollments} hands them out, after deciding and auditing the read; they live apart from
 * the module's API classes because their accessors (an enrollment's history) are not entry points and must not each be
 * taken for one by the architecture rule on client data.
 */
package health.haven.scheduling.enrollment;
