/**
 * Intake assessments' shapes and rules, free of storage: a versioned template (sections of typed items), the checks a
 * template definition must pass before it is published, and the checks, normal form and content hash of answers.
 */
package health.haven.records.intake;
