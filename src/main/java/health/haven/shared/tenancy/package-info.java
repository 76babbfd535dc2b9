/**
 * The tenant context: which organization the current work is for, carried to PostgreSQL's row-level security.
 */
package health.haven.shared.tenancy;
